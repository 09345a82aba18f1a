import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { causeWords } from '../../engine/errors.js';
import { TempDirs, treeDigest } from '../../engine/testing/engine-fixtures.js';
import { runCopyJob } from './copy-job.js';
import { restoreFromTarget } from './offsite-restore.js';
import { jobInput, keyFile, makeBackup, testTarget } from './testing/offsite-fixtures.js';

const temps = new TempDirs();
afterAll(() => temps.cleanup());

const isRoot = process.getuid?.() === 0;
if (!isRoot) console.warn('offsite-restore-room skipped: mounting a small tmpfs needs root');

/** A tmpfs of `size` for the restore folder's drive, unmounted after `body`. */
async function onSmallDrive(size: string, body: (mnt: string) => Promise<void>): Promise<void> {
  const mnt = temps.make('offsite-room-tmpfs');
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', mnt]);
  try {
    await body(mnt);
  } finally {
    execFileSync('umount', ['-l', mnt]);
  }
}

describe('an offsite restore and the room on the restore drive (real rclone, real age, a small tmpfs)', () => {
  it.skipIf(!isRoot)('fetches only the files the copy lists: what else a target holds in its folder (32 MiB here) never fills the restore drive', async () => {
    const b = await makeBackup(temps);
    const remote = temps.make('offsite-room-target');
    const target = testTarget({ remote });
    await runCopyJob(jobInput(temps, b, target));
    writeFileSync(join(remote, b.id, 'junk.bin'), Buffer.alloc(16 * 1024 * 1024, 7));
    mkdirSync(join(remote, b.id, 'more'));
    writeFileSync(join(remote, b.id, 'more', 'junk.bin'), Buffer.alloc(16 * 1024 * 1024, 7));
    await onSmallDrive('32m', async (mnt) => {
      const to = join(mnt, 'restored');
      expect(await restoreFromTarget({ target, backupId: b.id, to, workDir: temps.make('offsite-room-work'), openSecret: (s) => s })).toMatchObject({ files: 3, checked: true });
      expect(treeDigest(join(to, b.data.split('/').pop()!))).toEqual(treeDigest(b.data));
    });
  });

  it.skipIf(!isRoot)('a restore drive too small says so in words (the folder and the fix), never a raw errno, and leaves no work folder', async () => {
    const b = await makeBackup(temps);
    const key = await keyFile(temps);
    const remote = temps.make('offsite-room-target');
    const target = testTarget({ remote, recipients: [key.publicKey] });
    await runCopyJob(jobInput(temps, b, target));
    await onSmallDrive('2m', async (mnt) => {
      const to = join(mnt, 'restored');
      const err = await restoreFromTarget({ target, backupId: b.id, to, identityFile: key.file, workDir: temps.make('offsite-room-work'), openSecret: (s) => s }).then(
        () => null,
        (e: unknown) => e,
      );
      const words = causeWords(err);
      expect(words).toContain(mnt);
      expect(words).toMatch(/room|full|free/);
      expect(words).not.toMatch(/ENOSPC|EPIPE|no space left/i);
      expect(readdirSync(mnt).filter((n) => n.startsWith('.hotbackup-offsite-'))).toEqual([]);
    });
  });
});
