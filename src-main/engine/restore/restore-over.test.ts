import { lstat, mkdir, mkdtemp, readdir, readFile, readlink, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signManifest } from '../manifest/manifest-signature.js';
import { globsForTop, restoreOver } from './restore-over.js';
import { makeBackupFixture } from '../testing/backup-fixture.js';

let root = '';
let hb = '';
let data = '';
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-restore-over-'));
  hb = join(root, 'HotBackup');
  data = join(root, 'office');
  await mkdir(hb);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const KEY = Buffer.alloc(32, 7);
const opts = () => ({ configDir: join(root, 'config'), configured: [{ id: 'dir1', path: data, label: 'Office', exclude: [] }], manifestKey: KEY });

/** A fixture backup, signed with KEY, whose top folder "data" is data directory "dir1". */
async function backupOf(entries: Parameters<typeof makeBackupFixture>[2], kinds: Record<string, 'sqlite'> = {}) {
  const dir = await makeBackupFixture(hb, '26112601', entries);
  const file = join(dir, 'MANIFEST.json');
  const m = JSON.parse(await readFile(file, 'utf8'));
  m.dataDirectories = [{ id: 'dir1', path: '/was/somewhere/else', label: '', top: 'data' }];
  for (const e of m.entries) if (kinds[e.path]) e.kind = kinds[e.path];
  const text = JSON.stringify(m);
  await writeFile(file, text);
  await writeFile(join(dir, 'MANIFEST.sig'), signManifest(text, KEY));
}

const entries = [
  { path: 'data', type: 'Directory' as const },
  { path: 'data/Clients', type: 'Directory' as const },
  { path: 'data/Clients/smith.txt', content: 'Smith v1' },
  { path: 'data/Clients/jones.txt', content: 'Jones v1' },
  { path: 'data/ledger.db', content: 'ledger v1' },
];

describe('globsForTop', () => {
  it.each([
    { paths: [], want: ['/data'] },
    { paths: ['data/Clients/smith.txt', 'other/x'], want: ['/data/Clients/smith.txt'] },
    { paths: ['database/x'], want: null },
    { paths: ['data'], want: ['/data'] },
  ])('$paths → $want', ({ paths, want }) => {
    expect(globsForTop('data', paths)).toEqual(want);
  });
});

describe('restoreOver', () => {
  it('puts every backed-up file back, keeps newer files, removes a stale WAL, and leaves no staging folder', async () => {
    await backupOf(entries, { 'data/ledger.db': 'sqlite' });
    await mkdir(join(data, 'Clients'), { recursive: true });
    await writeFile(join(data, 'Clients/smith.txt'), 'Smith v2 (changed after the backup)');
    await writeFile(join(data, 'ledger.db'), 'ledger v2');
    await writeFile(join(data, 'ledger.db-wal'), 'stale wal');
    await writeFile(join(data, 'new-since.txt'), 'kept');
    const summary = await restoreOver(hb, { id: '26112601' }, opts());
    expect(await readFile(join(data, 'Clients/smith.txt'), 'utf8')).toBe('Smith v1');
    expect(await readFile(join(data, 'Clients/jones.txt'), 'utf8')).toBe('Jones v1');
    expect(await readFile(join(data, 'ledger.db'), 'utf8')).toBe('ledger v1');
    expect(await readFile(join(data, 'new-since.txt'), 'utf8')).toBe('kept');
    expect(summary.removedSidecars).toEqual([join(data, 'ledger.db-wal')]);
    expect(summary.files).toBe(3);
    expect((await readdir(data)).sort()).toEqual(['Clients', 'ledger.db', 'new-since.txt']);
  });

  it('restores only the chosen paths', async () => {
    await backupOf(entries);
    await mkdir(join(data, 'Clients'), { recursive: true });
    await writeFile(join(data, 'Clients/smith.txt'), 'Smith v2');
    await writeFile(join(data, 'Clients/jones.txt'), 'Jones v2');
    await restoreOver(hb, { id: '26112601', paths: ['data/Clients/jones.txt'] }, opts());
    expect(await readFile(join(data, 'Clients/smith.txt'), 'utf8')).toBe('Smith v2');
    expect(await readFile(join(data, 'Clients/jones.txt'), 'utf8')).toBe('Jones v1');
  });

  it('restores only the exact paths ticked in Browse (bytes in base64), and nothing of a path not asked', async () => {
    await backupOf(entries);
    await mkdir(join(data, 'Clients'), { recursive: true });
    await writeFile(join(data, 'Clients/smith.txt'), 'Smith v2');
    await writeFile(join(data, 'Clients/jones.txt'), 'Jones v2');
    await writeFile(join(data, 'ledger.db'), 'ledger v2');
    const summary = await restoreOver(hb, { id: '26112601', exact: [Buffer.from('data/Clients/jones.txt').toString('base64')] }, opts());
    expect(summary.files).toBe(1);
    expect(await readFile(join(data, 'Clients/smith.txt'), 'utf8')).toBe('Smith v2');
    expect(await readFile(join(data, 'Clients/jones.txt'), 'utf8')).toBe('Jones v1');
    expect(await readFile(join(data, 'ledger.db'), 'utf8')).toBe('ledger v2');
  });

  it('replaces a symbolic link in the data directory instead of writing through it', async () => {
    await backupOf(entries);
    const outside = join(root, 'outside');
    await mkdir(outside);
    await mkdir(data);
    await symlink(outside, join(data, 'Clients'));
    await restoreOver(hb, { id: '26112601' }, opts());
    expect(await readdir(outside)).toEqual([]);
    expect((await lstat(join(data, 'Clients'))).isDirectory()).toBe(true);
    await expect(readlink(join(data, 'Clients'))).rejects.toThrow();
  });

  it('changes nothing when the archive is damaged', async () => {
    await backupOf(entries);
    await writeFile(join(hb, 'Recent/26112601/BACKUP.001'), 'garbage');
    await mkdir(join(data, 'Clients'), { recursive: true });
    await writeFile(join(data, 'Clients/smith.txt'), 'Smith v2');
    await expect(restoreOver(hb, { id: '26112601' }, opts())).rejects.toThrow(/damaged|cannot be read/);
    expect(await readFile(join(data, 'Clients/smith.txt'), 'utf8')).toBe('Smith v2');
  });

  it('uses the manifest bytes whose signature it checked, not a MANIFEST.json swapped in afterwards', async () => {
    await backupOf(entries, { 'data/ledger.db': 'sqlite' });
    // What someone who can write in the HotBackup folder (not the config directory) would swap in:
    // another backup's manifest and volume, unsigned, with other content and a file more.
    const evilHb = join(root, 'evil');
    const evilDir = await makeBackupFixture(evilHb, '26112601', [
      ...entries.map((e) => ('content' in e ? { ...e, content: 'EVIL' } : e)),
      { path: 'data/planted.txt', content: 'planted' },
    ]);
    const m = JSON.parse(await readFile(join(evilDir, 'MANIFEST.json'), 'utf8'));
    m.dataDirectories = [{ id: 'dir1', path: '/x', label: '', top: 'data' }];
    await writeFile(join(evilDir, 'MANIFEST.json'), JSON.stringify(m));
    await mkdir(join(data, 'Clients'), { recursive: true });
    await writeFile(join(data, 'Clients/smith.txt'), 'Smith v2');
    let swapped = false;
    // The open-database probe runs after the signature check and before the unpacking.
    const readLocks = async () => {
      for (const name of ['MANIFEST.json', 'BACKUP.001']) await rename(join(evilDir, name), join(hb, 'Recent/26112601', name));
      swapped = true;
      return null;
    };
    await expect(restoreOver(hb, { id: '26112601' }, { ...opts(), probe: { readLocks } })).rejects.toThrow(/Backup 26112601 is damaged/);
    expect(swapped).toBe(true);
    expect(await readFile(join(data, 'Clients/smith.txt'), 'utf8')).toBe('Smith v2');
    await expect(lstat(join(data, 'planted.txt'))).rejects.toThrow();
    await expect(lstat(join(data, 'ledger.db'))).rejects.toThrow();
  });

  it('leaves no copy of the manifest in the config directory', async () => {
    await backupOf(entries);
    await restoreOver(hb, { id: '26112601' }, opts());
    expect((await readdir(join(root, 'config'))).filter((n) => n.includes('MANIFEST'))).toEqual([]);
  });

  it('refuses paths the backup does not hold', async () => {
    await backupOf(entries);
    await expect(restoreOver(hb, { id: '26112601', paths: ['elsewhere/x'] }, opts())).rejects.toThrow(/"elsewhere\/x" is in backup 26112601|None of/);
  });

  it('a file that cannot be moved stops the restore in words (no raw errno), naming it; everything is put back', async () => {
    await backupOf(entries);
    await mkdir(join(data, 'Clients'), { recursive: true });
    await writeFile(join(data, 'Clients/jones.txt'), 'Jones v2');
    const smith = join(data, 'Clients/smith.txt');
    await writeFile(smith, 'Smith v2');
    // Immutable (ext4 attribute): even root gets EPERM when renaming it aside.
    execFileSync('chattr', ['+i', smith]);
    try {
      const failed = restoreOver(hb, { id: '26112601' }, opts());
      await expect(failed).rejects.toThrow(`Restoring backup 26112601 over ${data} stopped at "${smith}": it could not be moved aside (permission denied). Every data directory was put back as it was before the restore.`);
      await expect(failed).rejects.not.toThrow(/E[A-Z]{3,}\b|operation not permitted|rename/);
    } finally {
      execFileSync('chattr', ['-i', smith]);
    }
    expect(await readFile(smith, 'utf8')).toBe('Smith v2');
    expect(await readFile(join(data, 'Clients/jones.txt'), 'utf8')).toBe('Jones v2');
  });
});
