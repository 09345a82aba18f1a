import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManifestReader } from '../manifest/manifest-reader.js';
import { restoreBackup } from './restore-backup.js';
import { makeBackupFixture, type FixtureEntry } from '../testing/backup-fixture.js';

// Issue 16 point 5 (flat memory): a restore of a backup as HotBackup writes it (one manifest entry
// a line, tar offsets ascending) never holds the manifest's entries. It selects in one pass and
// then pulls each selected entry from MANIFEST.json as the tar reaches it. The tests check that
// structure (when an entry is pulled, what is on disk already), never a size or a time.

let root = '';
let hb = '';
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-restore-streamed-'));
  hb = join(root, 'HotBackup');
  await mkdir(hb);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(root, { recursive: true, force: true });
});

const FILES = 300;
const many: FixtureEntry[] = [
  { path: 'data', type: 'Directory', mode: 0o750 },
  { path: 'data/Clients', type: 'Directory', mode: 0o700 },
  ...Array.from({ length: FILES }, (_, i) => ({ path: `data/Clients/c${i}.txt`, content: `client ${i}` })),
];

describe('restore streams MANIFEST.json in tar order', () => {
  it('pulls each entry as the tar reaches it (the files before it are on disk), never the whole list', async () => {
    await makeBackupFixture(hb, '26113001', many, { offsets: true });
    const to = join(root, 'out');
    const pulled: { path: string; twoBackOnDisk: boolean | null }[] = [];
    const picked = ManifestReader.prototype.picked;
    vi.spyOn(ManifestReader.prototype, 'picked').mockImplementation(function* (this: ManifestReader, want) {
      for (const got of picked.call(this, want)) {
        const back = pulled.length >= 4 ? pulled[pulled.length - 2] : undefined;
        pulled.push({ path: got.e.path, twoBackOnDisk: back ? existsSync(join(to, back.path)) : null });
        yield got;
      }
    });
    const kept = vi.spyOn(ManifestReader.prototype, 'kept');
    const summary = await restoreBackup(hb, { id: '26113001', to });
    expect(summary).toMatchObject({ files: FILES, directories: 2, failed: [] });
    expect(kept).not.toHaveBeenCalled();
    expect(pulled).toHaveLength(FILES + 2);
    // From the fifth entry on, the one pulled two before it is already written when it is pulled.
    expect(pulled.slice(4).every((p) => p.twoBackOnDisk === true)).toBe(true);
    expect(await readFile(join(to, 'data/Clients/c299.txt'), 'utf8')).toBe('client 299');
    // Folder modes are set last, from the compact list.
    expect((await lstat(join(to, 'data/Clients'))).mode & 0o777).toBe(0o700);
    expect((await lstat(join(to, 'data'))).mode & 0o777).toBe(0o750);
  });

  it('a selected hard link whose file is not selected gets that file\'s content; both selected stay one file', async () => {
    const entries: FixtureEntry[] = [
      { path: 'data', type: 'Directory' },
      { path: 'data/scans', type: 'Directory' },
      { path: 'data/scans/original.pdf', content: 'scan bytes' },
      { path: 'data/other', type: 'Directory' },
      { path: 'data/other/copy.pdf', type: 'Link', linkpath: 'data/scans/original.pdf' },
    ];
    await makeBackupFixture(hb, '26113002', entries, { offsets: true });
    const one = join(root, 'one');
    const s1 = await restoreBackup(hb, { id: '26113002', to: one, paths: ['data/other'] });
    expect(s1).toMatchObject({ files: 1, failed: [] });
    expect(await readFile(join(one, 'data/other/copy.pdf'), 'utf8')).toBe('scan bytes');
    expect(existsSync(join(one, 'data/scans/original.pdf'))).toBe(false);

    const both = join(root, 'both');
    const s2 = await restoreBackup(hb, { id: '26113002', to: both });
    expect(s2).toMatchObject({ files: 2, failed: [] });
    const [a, b] = await Promise.all([lstat(join(both, 'data/scans/original.pdf')), lstat(join(both, 'data/other/copy.pdf'))]);
    expect(b.ino).toBe(a.ino);
  });

  it('a damaged file in the middle is left out and named; every entry after it is restored', async () => {
    const dir = await makeBackupFixture(hb, '26113003', many, { offsets: true, compression: 'none' });
    const vol = join(dir, 'BACKUP.001');
    const bytes = await readFile(vol);
    const at = bytes.indexOf('client 150');
    bytes[at] = 'X'.charCodeAt(0);
    await writeFile(vol, bytes);
    const to = join(root, 'out');
    const summary = await restoreBackup(hb, { id: '26113003', to });
    expect(summary.failed).toEqual([{ path: 'data/Clients/c150.txt', problem: 'its content does not match its SHA-256 in the manifest (damaged)' }]);
    expect(summary.files).toBe(FILES - 1);
    expect(await readFile(join(to, 'data/Clients/c151.txt'), 'utf8')).toBe('client 151');
  });
});
