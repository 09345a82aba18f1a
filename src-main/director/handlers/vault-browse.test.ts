import { localAdmin } from '../../../shared/roles.js';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { CallContext, EventName } from '../../../shared/contract.js';
import type { ManifestListing } from '../../../shared/vault-browse.js';
import { makeBackupFixture } from '../../engine/vault/test-backup-fixture.js';
import { createDirector, type Director } from '../director.js';

let dir = '';
let director: Director;
let hb = '';
let data = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hb-vault-browse-'));
  hb = join(dir, 'HotBackup');
  data = join(dir, 'office');
  director = await createDirector({ configDir: join(dir, 'config'), home: dir, platform: 'linux', schedule: false });
  const r = await director.invoke('settings.update', { folder: { path: hb } }, ctx());
  expect(r.ok).toBe(true);
  const backup = await makeBackupFixture(hb, '26112601', [
    { path: 'data', type: 'Directory' },
    { path: 'data/a.txt', content: 'A from the backup' },
    { path: 'data/b.txt', content: 'B from the backup' },
  ]);
  const file = join(backup, 'MANIFEST.json');
  const m = JSON.parse(await readFile(file, 'utf8'));
  m.dataDirectories = [{ path: data, label: 'Office', top: 'data' }];
  await writeFile(file, JSON.stringify(m));
});
afterEach(async () => {
  await director.close();
  await rm(dir, { recursive: true, force: true });
});

function ctx(onEmit: (event: EventName) => void = () => undefined): CallContext {
  return { clientId: 'test', identity: localAdmin('test'), emit: (event) => onEmit(event), onDisconnect: () => undefined };
}

it('vault.manifest lists the entries, where they came from, and a free folder under the home', async () => {
  await mkdir(join(dir, 'HotBackup Restores', '26112601'), { recursive: true });
  const r = await director.invoke('vault.manifest', { id: '26112601' }, ctx());
  expect(r.ok).toBe(true);
  const listing = (r as { value: ManifestListing }).value;
  expect(listing).toMatchObject({
    id: '26112601',
    dataDirectories: [{ path: data, top: 'data' }],
    suggestedFolder: join(dir, 'HotBackup Restores', '26112601-2'),
  });
  expect(listing.entries.map((e) => e.path)).toEqual(['data', 'data/a.txt', 'data/b.txt']);
});

it('vault.restoreOver runs as an exclusive task from start to end, and puts the chosen file back', async () => {
  await mkdir(data, { recursive: true });
  await writeFile(join(data, 'a.txt'), 'A today');
  await writeFile(join(data, 'b.txt'), 'B today');
  const tasksDuringRestore: { task: string; exclusive: boolean }[][] = [];
  const r = await director.invoke(
    'vault.restoreOver',
    { id: '26112601', paths: ['data/a.txt'], user: 'admin' },
    ctx((event) => {
      if (event === 'vault.progress') tasksDuringRestore.push(director.services.tasks.list().map((t) => ({ task: t.task, exclusive: t.exclusive })));
    }),
  );
  expect(r.ok).toBe(true);
  expect(tasksDuringRestore.length).toBeGreaterThan(0);
  for (const tasks of tasksDuringRestore) expect(tasks).toEqual([{ task: 'Restore 26112601 over live data', exclusive: true }]);
  expect(director.services.tasks.list()).toEqual([]);
  expect(await readFile(join(data, 'a.txt'), 'utf8')).toBe('A from the backup');
  expect(await readFile(join(data, 'b.txt'), 'utf8')).toBe('B today');
});

it('vault.restoreOver ends its task when the restore fails', async () => {
  await writeFile(join(hb, 'Recent', '26112601', 'BACKUP.001'), 'garbage');
  const r = await director.invoke('vault.restoreOver', { id: '26112601', paths: [], user: '' }, ctx());
  expect(r.ok).toBe(false);
  expect(director.services.tasks.list()).toEqual([]);
});
