import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TempDirs } from '../../engine/testing/engine-fixtures.js';
import { runCopyJob } from './copy-job.js';
import { offsiteManifest } from './offsite-manifest.js';
import { restoreFromTarget } from './offsite-restore.js';
import { jobInput, keyFile, makeBackup, testTarget } from './testing/offsite-fixtures.js';

const temps = new TempDirs();
afterAll(() => temps.cleanup());

// A recovery key pasted into the console comes from the printed sheet, an e-mail or a password
// manager: a heading line, indentation, Windows line ends. age itself reads only bare identity
// lines ("unknown identity type" at line 1 otherwise).
describe('a pasted recovery key with more than its key line (real rclone, real age)', () => {
  it('lists and restores an encrypted copy; a paste without a key line is refused in words', async () => {
    const b = await makeBackup(temps);
    const key = await keyFile(temps);
    const remote = temps.make('offsite-paste-target');
    const target = testTarget({ remote, path: 'office', recipients: [key.publicKey] });
    await runCopyJob(jobInput(temps, b, target));
    const line = readFileSync(key.file, 'utf8').split('\n').find((l) => l.startsWith('AGE-SECRET-KEY-1'))!;
    const pasted = `Recovery key for HotBackup (keep it safe):\r\n\r\n    ${line}   \r\n\r\nPublic key: ${key.publicKey}\r\n`;
    const workDir = temps.make('offsite-paste-work');

    const listing = await offsiteManifest({ target, backupId: b.id, identity: pasted, workDir, openSecret: (s) => s, restoreRoot: temps.make('offsite-paste-root'), configured: [] });
    expect(listing.total.files).toBe(3);
    const to = join(temps.make('offsite-paste-to'), 'restored');
    expect(await restoreFromTarget({ target, backupId: b.id, to, identity: pasted, workDir, openSecret: (s) => s })).toMatchObject({ files: 3, checked: true });

    const noKey = 'age1 is my public key, I lost the other one';
    await expect(restoreFromTarget({ target, backupId: b.id, to: join(temps.make('offsite-paste-to'), 'x'), identity: noKey, workDir, openSecret: (s) => s })).rejects.toThrow(
      /The pasted recovery key holds no AGE-SECRET-KEY-1… line: paste the line from the recovery sheet/,
    );
  });
});
