import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signManifest } from '../manifest/manifest-signature.js';
import { restoreOver } from './restore-over.js';
import { makeBackupFixture } from '../testing/backup-fixture.js';

// A data directory that holds HotBackup's settings folder (an older settings file may list one) was
// backed up with it before the settings folder was left out of backups. Restoring such a backup over
// the data directory put its old settings.json, users and keys over the live ones.

let root = '';
let hb = '';
let data = '';
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-restore-over-settings-'));
  hb = join(root, 'HotBackup');
  data = join(root, 'office');
  await mkdir(hb);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const KEY = Buffer.alloc(32, 7);

describe('restoreOver and the settings folder', () => {
  it('leaves the live settings folder as it is, restores the rest, and says so', async () => {
    const dir = await makeBackupFixture(hb, '26112601', [
      { path: 'data', type: 'Directory' as const },
      { path: 'data/ledger.txt', content: 'ledger v1' },
      { path: 'data/config', type: 'Directory' as const },
      { path: 'data/config/settings.json', content: '{"old":true}' },
      { path: 'data/config/users.json', content: 'old users' },
    ]);
    const file = join(dir, 'MANIFEST.json');
    const m = JSON.parse(await readFile(file, 'utf8'));
    m.dataDirectories = [{ id: 'dir1', path: data, label: '', top: 'data' }];
    const text = JSON.stringify(m);
    await writeFile(file, text);
    await writeFile(join(dir, 'MANIFEST.sig'), signManifest(text, KEY));
    const configDir = join(data, 'config');
    await mkdir(configDir, { recursive: true });
    await writeFile(join(configDir, 'settings.json'), '{"current":true}');
    await writeFile(join(configDir, 'users.json'), 'current users');
    await writeFile(join(data, 'ledger.txt'), 'ledger v2');

    const summary = await restoreOver(hb, { id: '26112601' }, { configDir, configured: [{ id: 'dir1', path: data, label: '', exclude: [] }], manifestKey: KEY });
    expect(await readFile(join(data, 'ledger.txt'), 'utf8')).toBe('ledger v1');
    expect(await readFile(join(configDir, 'settings.json'), 'utf8')).toBe('{"current":true}');
    expect(await readFile(join(configDir, 'users.json'), 'utf8')).toBe('current users');
    expect(summary.notes).toContainEqual(expect.stringContaining(`${configDir}: HotBackup's settings folder, left as it is`));
  });
});
