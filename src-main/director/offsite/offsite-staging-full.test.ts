import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { causeWords } from '../../engine/run/run-errors.js';
import { TempDirs } from '../../engine/testing/engine-fixtures.js';
import { runCopyJob } from './copy-job.js';
import { jobInput, keyFile, makeBackup, testTarget } from './testing/offsite-fixtures.js';

const temps = new TempDirs();
afterAll(() => temps.cleanup());

const isRoot = process.getuid?.() === 0;
if (!isRoot) console.warn('offsite-staging-full skipped: mounting a small tmpfs needs root');

describe('the staging drive fills while age encrypts the copy', () => {
  it.skipIf(!isRoot)('the copy fails naming the staging folder, that it is full and the fix; nothing is sent', async () => {
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
      expect(words).toContain(stagingDir);
      expect(words).toMatch(/full/);
      expect(words).not.toMatch(/EPIPE|ENOSPC/);
      expect(existsSync(stagingDir)).toBe(false);
      expect(readdirSync(remote)).toEqual([]);
    } finally {
      execFileSync('umount', ['-l', mnt]);
    }
  });
});
