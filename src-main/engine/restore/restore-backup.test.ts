import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HotBackupError } from '../../../shared/result.js';
import { restoreBackup, type RestoreProgress } from './restore-backup.js';
import { makeBackupFixture as makeFixture, type FixtureEntry, type FixtureOptions } from '../testing/backup-fixture.js';

// Acceptance 5: selected paths restore into a new folder; crafted archives are refused
// without writing anything outside (or inside) the target.

let root = '';
let hb = '';
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-restore-'));
  hb = join(root, 'HotBackup');
  await mkdir(hb);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const big = Buffer.alloc(300_000, 7);
const normal = [
  { path: 'data', type: 'Directory' as const },
  { path: 'data/Clients', type: 'Directory' as const },
  { path: 'data/Clients/smith.txt', content: 'Smith file' },
  { path: 'data/Clients/jones.txt', content: 'Jones file' },
  { path: 'data/big.bin', content: big },
  { path: 'data/ledger.db', content: 'not really sqlite' },
  { path: 'data/latest', type: 'SymbolicLink' as const, linkpath: 'Clients/smith.txt' },
];

async function tree(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string, rel: string) => {
    for (const name of (await readdir(d)).sort()) {
      const p = join(d, name);
      const r = rel ? `${rel}/${name}` : name;
      out.push(r);
      if ((await lstat(p)).isDirectory()) await walk(p, r);
    }
  };
  await walk(dir, '');
  return out;
}

// Both ways a restore reads MANIFEST.json: held (format 1, no offsets) and streamed in tar order (offsets).
describe.each([
  { how: 'held manifest (format 1)', offsets: false },
  { how: 'streamed manifest (offsets)', offsets: true },
])('restoreBackup, $how', ({ offsets }) => {
  const makeBackupFixture = (h: string, id: string, entries: FixtureEntry[], opts: FixtureOptions = {}) => makeFixture(h, id, entries, { ...opts, offsets });

  it.each(['gzip', 'none'] as const)('restores everything from volumes in order (%s)', async (compression) => {
    await makeBackupFixture(hb, '26112601', normal, { compression, volumeSize: 64 * 1024 });
    const to = join(root, 'out', 'new');
    const progress: RestoreProgress[] = [];
    const summary = await restoreBackup(hb, { id: '26112601', to }, { onProgress: (p) => progress.push(p) });
    expect(summary).toMatchObject({ files: 4, directories: 2, symlinks: 1, skipped: 0 });
    expect(await readFile(join(to, 'data/Clients/smith.txt'), 'utf8')).toBe('Smith file');
    expect((await readFile(join(to, 'data/big.bin'))).equals(big)).toBe(true);
    expect(await readlink(join(to, 'data/latest'))).toBe('Clients/smith.txt');
    expect(progress.at(-1)).toMatchObject({ step: 'restoring', bytesDone: progress.at(-1)!.bytesTotal });
  });

  it('restores only the selected paths', async () => {
    await makeBackupFixture(hb, '26112601', normal);
    const to = join(root, 'selected');
    const summary = await restoreBackup(hb, { id: '26112601', to, paths: ['data/Clients', '*.db'] });
    expect(await tree(to)).toEqual(['data', 'data/Clients', 'data/Clients/jones.txt', 'data/Clients/smith.txt', 'data/ledger.db']);
    expect(summary).toMatchObject({ files: 3, skipped: 3 });
  });

  it('refuses a path glob that selects nothing', async () => {
    await makeBackupFixture(hb, '26112601', normal);
    await expect(restoreBackup(hb, { id: '26112601', to: join(root, 'x'), paths: ['nothing/*'] })).rejects.toThrow(/No entry of backup 26112601 matches "nothing\/\*"/);
  });

  it('refuses a target that is not empty and leaves it alone', async () => {
    await makeBackupFixture(hb, '26112601', normal);
    const to = join(root, 'busy');
    await mkdir(to);
    await writeFile(join(to, 'keep.txt'), 'mine');
    await expect(restoreBackup(hb, { id: '26112601', to })).rejects.toThrow(/is not empty .*"keep.txt"/);
    expect(await tree(to)).toEqual(['keep.txt']);
  });

  it('refuses a target inside the HotBackup folder', async () => {
    await makeBackupFixture(hb, '26112601', normal);
    await expect(restoreBackup(hb, { id: '26112601', to: join(hb, 'restore') })).rejects.toThrow(/overlaps the HotBackup folder/);
  });

  it.each([
    { name: '../ entries', entry: { path: 'data/../../escaped.txt', content: 'pwned' }, why: /climbs out/ },
    { name: 'a bare ../ entry', entry: { path: '../escaped.txt', content: 'pwned' }, why: /climbs out/ },
    { name: 'an absolute path', entry: { path: `${'/'}tmp/hb-escaped-${process.pid}.txt`, content: 'pwned' }, why: /absolute path/ },
    { name: 'a file under a link', entry: { path: 'data/latest/inside.txt', content: 'pwned' }, why: /lies under the symbolic link "data\/latest"/ },
  ])('refuses a crafted manifest and archive with $name and writes nothing', async ({ entry, why }) => {
    // The bad entry comes after good ones, and a file is written through the link afterwards.
    const entries = [...normal, entry, { path: 'data/etc/hb-pwned', content: 'pwned', inManifest: false }];
    await makeBackupFixture(hb, '26112601', entries);
    const to = join(root, 'target');
    const err = await restoreBackup(hb, { id: '26112601', to }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HotBackupError);
    expect((err as HotBackupError).message).toMatch(why);
    expect((err as HotBackupError).message).toMatch(/Nothing was written/);
    expect(await tree(root)).not.toContain('target');
    expect(await tree(root)).not.toContain('escaped.txt');
    await expect(lstat(`/tmp/hb-escaped-${process.pid}.txt`)).rejects.toThrow();
    await expect(lstat('/etc/hb-pwned')).rejects.toThrow();
  });

  it.each([
    { name: '../ entries', entry: { path: 'data/../../escaped.txt', content: 'pwned' } },
    { name: 'an absolute path', entry: { path: `${'/'}tmp/hb-escaped-${process.pid}.txt`, content: 'pwned' } },
    { name: 'an absolute symlink', entry: { path: 'data/etc', type: 'SymbolicLink' as const, linkpath: '/etc' } },
    { name: 'a symlink leaving the target', entry: { path: 'data/up', type: 'SymbolicLink' as const, linkpath: '../../..' } },
  ])('never writes an archive entry with $name that the manifest does not list', async ({ entry }) => {
    const entries = [...normal, { ...entry, inManifest: false }, { path: 'data/etc/hb-pwned', content: 'pwned', inManifest: false }];
    await makeBackupFixture(hb, '26112601', entries);
    const to = join(root, 'target');
    await restoreBackup(hb, { id: '26112601', to });
    expect(await tree(to)).toEqual(['data', 'data/Clients', 'data/Clients/jones.txt', 'data/Clients/smith.txt', 'data/big.bin', 'data/latest', 'data/ledger.db']);
    expect(await tree(root)).not.toContain('escaped.txt');
    await expect(lstat(`/tmp/hb-escaped-${process.pid}.txt`)).rejects.toThrow();
    await expect(lstat('/etc/hb-pwned')).rejects.toThrow();
  });

  it('puts back a link the data directory really held, pointing where it pointed, and never writes through it', async () => {
    const outside = join(root, 'shared-templates');
    await mkdir(outside);
    const recorded = { path: 'data/templates', type: 'SymbolicLink' as const, linkpath: outside };
    await makeBackupFixture(hb, '26112601', [...normal, recorded]);
    const to = join(root, 'target');
    const summary = await restoreBackup(hb, { id: '26112601', to });
    expect(summary.symlinks).toBe(2);
    expect(await readlink(join(to, 'data/templates'))).toBe(outside);

    await rm(join(hb, 'Recent'), { recursive: true });
    await makeBackupFixture(hb, '26112602', [...normal, recorded, { path: 'data/templates/hb-pwned', content: 'pwned' }]);
    await expect(restoreBackup(hb, { id: '26112602', to: join(root, 'target2') })).rejects.toThrow(/lies under the symbolic link "data\/templates"/);
    expect(await readdir(outside)).toEqual([]);
  });

  it('restores every intact entry of a damaged backup and lists the damaged one', async () => {
    const dir = await makeBackupFixture(hb, '26112601', normal, { compression: 'none', volumeSize: 64 * 1024 });
    const vol = join(dir, 'BACKUP.002');
    const bytes = await readFile(vol);
    bytes[100] = bytes[100]! ^ 0xff;
    await writeFile(vol, bytes);
    const to = join(root, 'target');
    const summary = await restoreBackup(hb, { id: '26112601', to });
    expect(summary.failed).toEqual([{ path: 'data/big.bin', problem: 'its content does not match its SHA-256 in the manifest (damaged)' }]);
    expect(await tree(to)).toEqual(['data', 'data/Clients', 'data/Clients/jones.txt', 'data/Clients/smith.txt', 'data/latest', 'data/ledger.db']);
    expect(await readFile(join(to, 'data/ledger.db'), 'utf8')).toBe('not really sqlite');
  });

  it('says so for an unknown ID', async () => {
    await expect(restoreBackup(hb, { id: '26112699', to: join(root, 't') })).rejects.toThrow(/no backup 26112699/);
  });
});
