import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TempDirs } from '../../engine/testing/engine-fixtures.js';
import { runCopyJob } from './copy-job.js';
import { restoreFromTarget } from './offsite-restore.js';
import { jobInput, makeBackup, testTarget } from './testing/offsite-fixtures.js';

const temps = new TempDirs();
afterAll(() => temps.cleanup());

// The restore folder of an offsite restore is checked as a local restore's is, and first: the
// engine's check ran only after the whole copy was fetched, and against the fetch's own work
// folder, so a folder inside the local HotBackup folder (a fake backup in Recent) was accepted.
describe('the folder an offsite restore writes into (real rclone)', () => {
  it('a folder inside the HotBackup folder, or one that is not empty, is refused before anything is fetched', async () => {
    const b = await makeBackup(temps);
    const remote = temps.make('offsite-rf-target');
    const target = testTarget({ remote });
    await runCopyJob(jobInput(temps, b, target));
    // The copy cannot be fetched whole: a refusal that names the folder came before any fetch.
    rmSync(join(remote, b.id, 'BACKUP.001'));
    const base = { target, backupId: b.id, workDir: temps.make('offsite-rf-work'), openSecret: (s: string) => s, hotBackupFolder: b.folder };

    await expect(restoreFromTarget({ ...base, to: join(b.folder, 'Recent', '26129901') })).rejects.toThrow(/overlaps the HotBackup folder/);
    const full = temps.make('offsite-rf-full');
    mkdirSync(join(full, 'restored'));
    writeFileSync(join(full, 'restored', 'keep.txt'), 'mine');
    await expect(restoreFromTarget({ ...base, to: join(full, 'restored') })).rejects.toThrow(/The restore folder ".*restored" is not empty \(1 item\(s\), e.g. "keep.txt"\)/);
    await expect(restoreFromTarget({ ...base, to: join(full, 'new') })).rejects.toThrow(/BACKUP\.001 of the copy of \d{8} is missing on "Office NAS"/);
  });
});
