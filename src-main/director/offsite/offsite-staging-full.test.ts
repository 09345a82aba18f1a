import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { causeWords } from '../../engine/errors.js';
import { TempDirs } from '../../engine/testing/engine-fixtures.js';
import { FREE_SPACE_MARGIN, freeBytes } from '../../base/free-space.js';
import { runCopyJob } from './copy-job.js';
import { jobInput, keyFile, makeBackup, testTarget } from './testing/offsite-fixtures.js';

const temps = new TempDirs();
afterAll(() => temps.cleanup());

const isRoot = process.getuid?.() === 0;
if (!isRoot) console.warn('offsite-staging-full skipped: mounting a small tmpfs needs root');

describe('too little room on the staging drive for the encrypted copy', () => {
  it.skipIf(!isRoot)('the copy fails before anything is written, naming the drive (the staging folder), the bytes it needs and the bytes free, and the fix; nothing is sent', async () => {
    const b = await makeBackup(temps);
    const key = await keyFile(temps);
    const remote = temps.make('offsite-remote');
    const mnt = temps.make('offsite-tmpfs');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', mnt]);
    try {
      const stagingDir = join(mnt, '.offsite', 'nas', b.id);
      mkdirSync(stagingDir, { recursive: true });
      const err = await runCopyJob(jobInput(temps, b, testTarget({ remote, recipients: [key.publicKey] }), { stagingDir })).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).not.toBeNull();
      const words = causeWords(err);
      const free = await freeBytes(mnt);
      expect(words).toContain(`the drive holding ${stagingDir} has `);
      expect(words).toContain(`(${free} bytes) free, but preparing the copy of ${b.id} (encrypted with age) needs about `);
      const needed = Number(/needs about [^(]*\((\d+) bytes\)/.exec(words)?.[1]);
      // The volumes (3 MiB and more) and the room kept free.
      expect(needed).toBeGreaterThan(3 * 1024 * 1024 + FREE_SPACE_MARGIN);
      expect(words).toMatch(/make room on that drive, then copy again/);
      expect(words).not.toMatch(/EPIPE|ENOSPC/);
      expect(readdirSync(mnt, { recursive: true }).filter((n) => String(n).includes('BACKUP.age'))).toEqual([]);
      expect(existsSync(stagingDir)).toBe(false);
      expect(readdirSync(remote)).toEqual([]);
    } finally {
      execFileSync('umount', ['-l', mnt]);
    }
  });
});
