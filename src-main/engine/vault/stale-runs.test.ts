import { appendFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBackupLog } from './backup-log.js';
import { acquireFolderLock } from './folder-lock.js';
import { recoverInterrupted } from '../run/recover-interrupted.js';
import { makeBackupFixture } from '../testing/backup-fixture.js';
import { loadVault } from './vault-store.js';

// Case trust/kill9-leaves-staging and trust/disk-full-mid-run-message: a run whose process is gone
// is never listed In Progress, and its work files are removed at the next start.

let hb = '';
beforeEach(async () => {
  hb = await mkdtemp(join(tmpdir(), 'hb-stale-'));
});
afterEach(async () => rm(hb, { recursive: true, force: true }));

const files = [{ path: 'data', type: 'Directory' as const }, { path: 'data/a.txt', content: 'a' }];
const msg = 'Saving Files: the HotBackup folder /x ran out of space: about 31 MB needed, 4.0 KB free on its drive';

describe('runs whose process is gone', () => {
  it('a listing shows them as what they are (the cause from HB.LOG) even when BACKUP.LOG cannot be rewritten, and leaves a live run alone', async () => {
    const killed = await makeBackupFixture(hb, '26113001', files, { folder: 'Failed', result: 'In Progress' });
    const full = await makeBackupFixture(hb, '26113002', files, { folder: 'Failed', result: 'In Progress' });
    await appendFile(join(full, 'HB.LOG'), `2026-11-30T10:00:00.000+00:00|HB_FAILED|${msg}\n`);
    await makeBackupFixture(hb, '26113003', files, { folder: 'Recent', result: 'In Progress' });
    const lock = await acquireFolderLock(hb, 'a run in another window');
    const live = await loadVault(hb);
    expect(live.records.map((r) => r.result)).toEqual(['In Progress', 'In Progress', 'In Progress']);
    await lock.release();
    const v = await loadVault(hb);
    expect(v.records.map((r) => [r.id, r.result, r.error])).toEqual([
      ['26113001', 'Failed', 'interrupted'],
      ['26113002', 'Failed', msg],
      ['26113003', 'Succeeded', ''],
    ]);
    expect(v.written).toBe(true);
    expect((await readBackupLog(hb)).records.every((r) => r.result !== 'In Progress')).toBe(true);
    expect(killed).toBe(join(hb, 'Failed', '26113001'));
  });

  it('the next start removes Failed/<ID>/.staging of killed or cancelled runs; partial volumes and logs stay', async () => {
    const dir = await makeBackupFixture(hb, '26113001', files, { folder: 'Failed', result: 'Failed' });
    await mkdir(join(dir, '.staging'));
    await writeFile(join(dir, '.staging', '0.sqlite'), Buffer.alloc(4096));
    const before = (await readdir(dir)).filter((f) => f !== '.staging').sort();
    await recoverInterrupted(hb);
    expect((await readdir(dir)).sort()).toEqual(before);
    expect(before).toContain('HB.LOG');
  });
});
