import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signManifest } from '../manifest/manifest-signature.js';
import { restoreSpaceProblem } from '../vault/disk-space.js';
import { restoreBackup } from './restore-backup.js';
import { restoreOver } from './restore-over.js';
import { makeBackupFixture } from '../testing/backup-fixture.js';

// A restore into a drive without room for the files chosen is refused before anything is
// written, naming the drive, what is needed, what is free and the fix: before, it wrote until the
// drive was full and stopped half way (restore-over: with the work folder filling the data
// directory's drive). Real small tmpfs mounts when root.

describe('restoreSpaceProblem (pure)', () => {
  it('passes when the free bytes cover what is needed', () => {
    expect(restoreSpaceProblem('/mnt/usb/restore', '/mnt/usb', 5_000_000, 5_000_000)).toBeNull();
  });

  it('names the drive, the folder, the bytes needed and free, and the fix', () => {
    expect(restoreSpaceProblem('/mnt/usb/restore', '/mnt/usb', 3 * 1024 * 1024, 1024 * 1024)).toBe(
      'the drive /mnt/usb (holding /mnt/usb/restore) has 1.0 MB free, but the files chosen need about 3.0 MB there. ' +
        'Free space on that drive, restore fewer paths, or restore into a folder on a larger drive.',
    );
  });
});

const KEY = Buffer.alloc(32, 7);
const ID = '26120111';
let root = '';
let hb = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-restore-space-'));
  hb = join(root, 'HotBackup');
  const dir = await makeBackupFixture(hb, ID, [
    { path: 'data', type: 'Directory' },
    { path: 'data/small.txt', content: 'small' },
    { path: 'data/scan.bin', content: Buffer.alloc(3 * 1024 * 1024, 0x5a) },
  ]);
  const file = join(dir, 'MANIFEST.json');
  const m = JSON.parse(await readFile(file, 'utf8'));
  m.dataDirectories = [{ id: 'dir1', path: '/was/here', label: '', top: 'data' }];
  const text = JSON.stringify(m);
  await writeFile(file, text);
  await writeFile(join(dir, 'MANIFEST.sig'), signManifest(text, KEY));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A 1 MiB tmpfs at a new folder for `fn`, unmounted after; null (with the reason printed) when it cannot be mounted. */
async function onSmallDrive(name: string, fn: (mnt: string) => Promise<void>, ctx: { skip(): void }): Promise<void> {
  if (process.getuid?.() !== 0) {
    console.log('skipped: mounting a small tmpfs (a drive with too little room) needs root');
    ctx.skip();
  }
  const mnt = join(root, name);
  await mkdir(mnt);
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt]).status !== 0) {
    console.log('skipped: could not mount a tmpfs');
    ctx.skip();
  }
  try {
    await fn(mnt);
  } finally {
    spawnSync('umount', [mnt]);
  }
}

const refusal = (mnt: string, folder: string) =>
  new RegExp(`^Backup ${ID} was not restored, nothing was written: the drive ${mnt} \\(holding ${folder.replace(/[/.]/g, '\\$&')}\\) has \\d+(\\.\\d)? [KM]B free, but the files chosen need about 3\\.\\d MB there\\. Free space on that drive, restore fewer paths, or restore into a folder on a larger drive\\.$`);

describe('a restore that does not fit on its drive', () => {
  it('into a new folder (restore --to): refused up front, nothing written', async (ctx) => {
    await onSmallDrive('usb1', async (mnt) => {
      const to = join(mnt, 'restored', 'here');
      await expect(restoreBackup(hb, { id: ID, to })).rejects.toThrow(refusal(mnt, to));
      expect(await readdir(mnt)).toEqual([]);
      // What fits is restored: the small file alone.
      const small = await restoreBackup(hb, { id: ID, to, paths: ['data/small.txt'] });
      expect(small.files).toBe(1);
      expect(await readFile(join(to, 'data/small.txt'), 'utf8')).toBe('small');
    }, ctx);
  });

  it('into an empty folder that exists: refused, the folder stays empty', async (ctx) => {
    await onSmallDrive('usb2', async (mnt) => {
      await expect(restoreBackup(hb, { id: ID, to: mnt })).rejects.toThrow(refusal(mnt, mnt));
      expect(await readdir(mnt)).toEqual([]);
    }, ctx);
  });

  it('over live data: refused naming the data directory, nothing changed and no work folder left', async (ctx) => {
    await onSmallDrive('usb3', async (mnt) => {
      const data = join(mnt, 'office');
      await mkdir(data);
      await writeFile(join(data, 'small.txt'), 'small, changed since');
      const configured = [{ id: 'dir1', path: data, label: 'Office', exclude: [] }];
      await expect(restoreOver(hb, { id: ID }, { configDir: join(root, 'config'), configured, manifestKey: KEY })).rejects.toThrow(refusal(mnt, data));
      expect(await readFile(join(data, 'small.txt'), 'utf8')).toBe('small, changed since');
      expect((await readdir(mnt)).sort()).toEqual(['.hotbackup-restore-work', 'office']);
      expect(await readdir(join(mnt, '.hotbackup-restore-work'))).toEqual([]);
    }, ctx);
  });
});
