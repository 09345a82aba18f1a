import { spawnSync } from 'node:child_process';
import { lstat, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatManifest, type Manifest } from '../manifest/manifest.js';
import { signManifest } from '../manifest/manifest-signature.js';
import { restoreShScript } from './restore-sh.js';
import { readHbLog } from '../vault/stored-hb-log.js';
import { restoreBackup } from './restore-backup.js';
import { restoreOver } from './restore-over.js';
import { makeBackupFixture } from '../testing/backup-fixture.js';

// Issue point 4: no restore creates a setuid/setgid file (a setgid folder stays). All three ways
// restore it without the bit and say so naming the entry: the answer (CLI, console), the backup's
// HB.LOG, and RESTORE.sh's output. The same entries, the same modes.

const ID = '26113002';
const KEY = Buffer.alloc(32, 3);
let root = '';
let hb = '';
let data = '';
let dir = '';
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-setuid-'));
  hb = join(root, 'HotBackup');
  data = join(root, 'office');
  await mkdir(hb);
  await mkdir(data);
  dir = await makeBackupFixture(
    hb,
    ID,
    [
      { path: 'data', type: 'Directory' },
      { path: 'data/Shared', type: 'Directory', mode: 0o2775 },
      { path: 'data/Shared/tool', content: 'id\n', mode: 0o4755, uid: 0 },
      { path: 'data/Shared/group-tool', content: 'id\n', mode: 0o2750 },
      { path: 'data/Shared/plain.txt', content: 'x', mode: 0o640 },
    ],
    { compression: 'none' },
  );
  const file = join(dir, 'MANIFEST.json');
  const m = JSON.parse(await readFile(file, 'utf8')) as Manifest;
  m.dataDirectories = [{ id: 'dir1', path: data, label: 'Office', top: 'data' }];
  const text = formatManifest(m);
  await writeFile(file, text);
  await writeFile(join(dir, 'MANIFEST.sig'), signManifest(text, KEY));
  await writeFile(join(dir, 'RESTORE.sh'), restoreShScript(ID, 'none'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const mode = async (p: string) => ((await lstat(p)).mode & 0o7777).toString(8);
const modes = async (top: string) => ({
  folder: await mode(join(top, 'data/Shared')),
  tool: await mode(join(top, 'data/Shared/tool')),
  groupTool: await mode(join(top, 'data/Shared/group-tool')),
  plain: await mode(join(top, 'data/Shared/plain.txt')),
});
const notesIn = async () => ((await readHbLog(dir)) ?? []).filter((e) => e.code === 'HB_RESTORE_NOTE').map((e) => e.detail);

describe('setuid and setgid files on restore', () => {
  it('hotbackup restore: created without the bit, each named in the answer and in HB.LOG; the setgid folder keeps it', async () => {
    const to = join(root, 'restored');
    const s = await restoreBackup(hb, { id: ID, to });
    expect(await modes(to)).toEqual({ folder: '2775', tool: '755', groupTool: '750', plain: '640' });
    expect(s.notes).toEqual([
      '"data/Shared/tool" was restored without its setuid/setgid bit (mode 4755 → 755)',
      '"data/Shared/group-tool" was restored without its setuid/setgid bit (mode 2750 → 750)',
    ]);
    expect(await notesIn()).toEqual(s.notes);
  });

  it('restore over the data directory: the same modes, the same notes in the answer and HB.LOG', async () => {
    const s = await restoreOver(hb, { id: ID }, { configDir: join(root, 'config'), configured: [{ id: 'dir1', path: data, label: 'Office', exclude: [] }], manifestKey: KEY });
    expect({
      folder: await mode(join(data, 'Shared')),
      tool: await mode(join(data, 'Shared/tool')),
      groupTool: await mode(join(data, 'Shared/group-tool')),
      plain: await mode(join(data, 'Shared/plain.txt')),
    }).toEqual({ folder: '2775', tool: '755', groupTool: '750', plain: '640' });
    expect(s.notes).toHaveLength(2);
    expect(s.notes?.join('\n')).toContain('"data/Shared/tool"');
    expect(s.notes?.join('\n')).toContain('"data/Shared/group-tool"');
    expect(await notesIn()).toEqual(s.notes);
    expect(((await readHbLog(dir)) ?? []).some((e) => e.code === 'HB_RESTORED' && e.detail.includes(data))).toBe(true);
  });

  it('RESTORE.sh (real tar): no setuid/setgid file, each named in its output, other modes exact, exit 0', async () => {
    const to = join(root, 'by-script');
    const r = spawnSync('sh', [join(dir, 'RESTORE.sh'), to], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/without their setuid\/setgid bit/);
    expect(r.stdout).toContain('data/Shared/tool');
    expect(r.stdout).toContain('data/Shared/group-tool');
    const m = await modes(to);
    // No file gets the bit; every other permission is exact (umask 0); the folder loses setgid (said in the note).
    expect(m).toEqual({ folder: '775', tool: '755', groupTool: '750', plain: '640' });
    expect(r.stdout).toMatch(/folders lose setgid/);
  });
});
