import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Phase } from '../../../shared/status.js';
import { readBackupLog } from '../vault/backup-log.js';
import { baseOptions, TempDirs } from '../testing/engine-fixtures.js';
import { runBackup } from '../worker/run-in-worker.js';
import type { ProgressEvent } from './run-types.js';

const temps = new TempDirs();
afterAll(() => temps.cleanup());

function dataDir(): string {
  const d = temps.make('flow-data');
  for (let i = 0; i < 20; i++) writeFileSync(join(d, `f${i}.txt`), `file ${i}\n`.repeat(1000));
  return d;
}

describe('a run through the worker', () => {
  it('goes through the phases of DESIGN §5 in order, waits in beforeSnapshot, and calls the hooks at their points', async () => {
    const folder = temps.make('flow-folder');
    const events: ProgressEvent[] = [];
    const order: string[] = [];
    let release: (() => void) | null = null;
    let recordDuringRun: string | undefined;
    const data = dataDir();
    const run = runBackup(
      baseOptions(folder, [data], {
        // '*.tmp' matches nothing here: a warning in HB.LOG, the run still succeeds.
        dataDirectories: [{ path: data, label: 'Flow', exclude: ['f1?.txt', '*.tmp'] }],
        onProgress: (e) => events.push(e),
        beforeSnapshot: () => {
          order.push(`beforeSnapshot during ${events.at(-1)?.phase}`);
          return new Promise<void>((r) => (release = r));
        },
        userTasks: () => {
          order.push('userTasks');
          return [{ system: 'Tabs3', user: 'FRANK', task: 'Renumber' }];
        },
        onFolder: () => order.push('onFolder'),
        onSnapshot: () => order.push(`onSnapshot during ${events.at(-1)?.phase}`),
        cleanup: async (ctx) => {
          order.push(`cleanup in ${ctx.backupPath.includes('/Recent/') ? 'Recent' : 'Failed'}`);
          recordDuringRun = (await readBackupLog(folder)).records[0]?.result;
          await ctx.log('HB_DELETING_BACKUP', '26010101');
        },
      }),
    );
    // The run is parked in beforeSnapshot until the Director lets it go.
    await new Promise<void>((resolve) => {
      const poll = () => (release ? resolve() : setImmediate(poll));
      poll();
    });
    expect(events.at(-1)?.phase).toBe('Waiting for Exclusive Tasks to Finish');
    (release as unknown as () => void)();
    const r = await run;

    expect(r.result).toBe('Succeeded');
    const phases = events.map((e) => e.phase).filter((p, i, all) => p !== all[i - 1]);
    expect(phases).toEqual([
      'Initializing', 'Launching HotBackup Program', 'Connecting to HotBackup Program', 'Waiting for Exclusive Tasks to Finish',
      'Gathering File Statistics', 'Making Backup Folder', 'Writing Backup Script', 'Writing Restore Script', 'Locking Files',
      'Saving Files', 'Streaming Files', 'Validating Save', 'Removing Old Backups', 'HotBackup Succeeded',
    ] satisfies Phase[]);
    expect(events.at(-1)).toMatchObject({ status: 'Complete', progress: { percent: 100 } });
    expect(events.map((e) => e.progress.percent)).toEqual([...events.map((e) => e.progress.percent)].sort((a, b) => a - b));
    // Validating Save counts the archive's tar bytes as it reads them back: its total is the same
    // measure (the gzip volumes are far smaller), so it never reads "13 KB of 418 bytes".
    const validating = events.filter((e) => e.phase === 'Validating Save').map((e) => e.progress);
    expect(validating.every((p) => p.bytesDone <= p.bytesTotal)).toBe(true);
    expect(validating.at(-1)!.bytesDone).toBe(validating.at(-1)!.bytesTotal);
    expect(validating.at(-1)!.bytesTotal).toBeGreaterThan(70000);
    expect(order).toEqual(['beforeSnapshot during Waiting for Exclusive Tasks to Finish', 'onFolder', 'userTasks', 'onSnapshot during Locking Files', 'cleanup in Recent']);
    expect(recordDuringRun).toBe('Succeeded');

    const hb = readFileSync(join(r.backupPath as string, 'HB.LOG'), 'utf8');
    expect(hb).toMatch(/\|HB_USER_TASK_REC\|System="HotBackup" UserId="\(Backup\)" Task="On Demand"\n.*\|HB_USER_TASK_REC\|System="Tabs3" UserId="FRANK" Task="Renumber"/);
    expect(hb).toMatch(/\|HB_END_LOCK_FILES\|Successful, \d+ ms, 10 of 10 files\n/);
    // Each phase's final count, as the console's last progress line of that phase shows it.
    expect(hb).toMatch(/\|HB_END_STREAM\|10 of 10 files, /);
    expect(hb).toContain(`|HB_EXCLUDE_UNMATCHED|exclude pattern "*.tmp" matched nothing in "${data}"`);
    expect(hb).not.toContain('pattern "f1?.txt" matched nothing');
    expect(hb).toMatch(/\|HB_END_VALIDATE\|Successful, 10 of 10 files, /);
    expect(hb).toMatch(/\|HB_DELETING_BACKUP\|26010101/);
    expect(hb.trim().split('\n').at(-1)).toMatch(/\|HB_SUCCEEDED\|10 files, 70000 bytes$/);
    expect(readdirSync(r.backupPath as string).sort()).toEqual(['BACKUP.001', 'HB.LOG', 'MANIFEST.json', 'PLAN', 'RESTORE.ps1', 'RESTORE.sh', 'SEQUENCE']);
  });

  it('writes BACKUP.LOG "In Progress" from the moment the folder exists, and numbers runs of a day 01, 02, …', async () => {
    const folder = temps.make('flow-ids');
    const data = dataDir();
    const clock = () => new Date(2026, 10, 26, 9, 0, 0);
    let inProgress: unknown;
    const first = await runBackup(baseOptions(folder, [data], { clock, onFolder: () => undefined, userTasks: async () => {
      inProgress = (await readBackupLog(folder)).records.map((x) => [x.id, x.result, x.folder]);
      return [];
    } }));
    const second = await runBackup(baseOptions(folder, [data], { clock, trigger: 'Scheduled' }));
    expect(inProgress).toEqual([['26112601', 'In Progress', 'Failed']]);
    expect([first.id, second.id]).toEqual(['26112601', '26112602']);
    const log = await readBackupLog(folder);
    expect(log.records.map((x) => [x.id, x.trigger, x.result, x.folder, x.started])).toEqual([
      ['26112601', 'On Demand', 'Succeeded', 'Recent', first.startedAt],
      ['26112602', 'Scheduled', 'Succeeded', 'Recent', second.startedAt],
    ]);
    expect(first.startedAt).toMatch(/^2026-11-26T09:00:00\.000[+-]\d\d:\d\d$/);
  });

  it('stops when aborted: Failed with the reason, folder kept in Failed/ with its HB.LOG', async () => {
    const folder = temps.make('flow-abort');
    const stop = new AbortController();
    const r = await runBackup(baseOptions(folder, [dataDir()], {
      signal: stop.signal,
      userTasks: () => {
        stop.abort();
        return [];
      },
    }));
    expect(r).toMatchObject({ result: 'Failed', error: 'stopped by shutdown', failedPhase: 'Locking Files' });
    expect(r.backupPath).toBe(join(folder, 'Failed', r.id as string));
    expect(readFileSync(join(r.backupPath as string, 'HB.LOG'), 'utf8')).toMatch(/\|HB_FAILED\|Locking Files: stopped by shutdown/);
    expect(existsSync(join(r.backupPath as string, '.staging'))).toBe(false);
    expect((await readBackupLog(folder)).records[0]).toMatchObject({ result: 'Failed', error: 'stopped by shutdown' });

    const r2 = await runBackup(baseOptions(folder, [dataDir()], { signal: AbortSignal.abort('Director is restarting') }));
    expect(r2).toMatchObject({ id: null, result: 'Failed', error: 'Director is restarting' });
  });
});

describe('a worker that dies', () => {
  it('still gives a Failed result that says the worker stopped', async () => {
    const folder = temps.make('flow-crash');
    const entry = join(temps.make('crash-entry'), 'dies.mjs');
    writeFileSync(entry, "process.exit(7);\n");
    const r = await runBackup({ ...baseOptions(folder, [dataDir()]), workerEntry: entry });
    expect(r).toMatchObject({
      id: null, result: 'Failed', errorCode: 'INTERNAL', causeKind: 'crashed',
      error: 'The HotBackup worker stopped unexpectedly (exit code 7). The Director log has the details; run the backup again.',
    });
  });
});
