import { closeSync, mkdirSync, openSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TempDirs } from '../../engine/testing/engine-fixtures.js';
import { runCopyJob } from './copy-job.js';
import { MAX_CAPTURED_STDOUT, runChild } from './child-run.js';
import { copyView, listCopies } from './offsite-list.js';
import { restoreFromTarget } from './offsite-restore.js';
import { openTarget } from './rclone.js';
import { jobInput, makeBackup, testTarget } from './testing/offsite-fixtures.js';

const temps = new TempDirs();
afterAll(() => temps.cleanup());

// A hostile or damaged target: an OFFSITE.json of 600 MiB (sparse here). Read whole, it took the
// Director's memory and, over Node's longest string, threw in a child process's close handler:
// an uncaught exception, the Director gone, for listing a target.
describe('an index far larger than any copy has (real rclone)', () => {
  it('the copy is listed as incomplete and a restore of it names the damage; the other copies list as before', async () => {
    const b = await makeBackup(temps);
    const remote = temps.make('offsite-huge-target');
    const target = testTarget({ remote });
    await runCopyJob(jobInput(temps, b, target));
    mkdirSync(join(remote, '26010101'));
    const fd = openSync(join(remote, '26010101', 'OFFSITE.json'), 'w');
    ftruncateSync(fd, 600 * 1024 * 1024);
    closeSync(fd);
    const t = await openTarget(target, temps.make('offsite-huge-work'), (s) => s);
    try {
      const copies = (await listCopies(t)).map(copyView);
      expect(copies.map((c) => [c.backupId, c.complete])).toEqual([
        ['26010101', false],
        [b.id, true],
      ]);
    } finally {
      await t.close();
    }
    const restore = restoreFromTarget({ target, backupId: '26010101', to: join(temps.make('offsite-huge-to'), 'r'), workDir: temps.make('offsite-huge-work'), openSecret: (s) => s });
    await expect(restore).rejects.toThrow(/26010101\/OFFSITE\.json is larger than any index HotBackup writes \(over 16 MiB\): the copy is damaged/);
  }, 120_000);

  it('a program printing more than the Director keeps is stopped with words, not a crash', async () => {
    const r = await runChild('head', ['-c', String(MAX_CAPTURED_STDOUT + 1024 * 1024), '/dev/zero']);
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toMatch(/head printed more than 256 MiB .* and was stopped: check what the target holds/);
  });
});
