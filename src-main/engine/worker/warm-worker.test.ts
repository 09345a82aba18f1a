import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Phase } from '../../../shared/status.js';
import { runBackup } from './run-in-worker.js';
import { baseOptions, TempDirs } from '../testing/engine-fixtures.js';
import { AFTER_SNAPSHOT_NICE, BEFORE_SNAPSHOT_NICE, ownThreadId } from './thread-priority.js';
import { dropWarmWorker, hasWarmWorker, warmBackupWorker } from './warm-worker.js';

const temps = new TempDirs();
afterAll(() => temps.cleanup());
afterEach(() => dropWarmWorker());

function dataDir(): string {
  const d = temps.make('warm-data');
  for (let i = 0; i < 10; i++) writeFileSync(join(d, `f${i}.txt`), `file ${i}\n`.repeat(500));
  const db = new Database(join(d, 'office.db'));
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t(x TEXT)');
  db.prepare('INSERT INTO t VALUES (?)').run('before the backup');
  db.close();
  return d;
}

/** The nice value of every thread of this process, from /proc (field 19 of each thread's stat). */
function threadNices(): Map<number, number> {
  const m = new Map<number, number>();
  for (const t of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${t}/stat`, 'utf8');
      m.set(Number(t), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
    } catch {
      // The thread ended while listed.
    }
  }
  return m;
}
/** Whether a process of this user may raise its priority (Linux CAP_SYS_NICE): tried in a child process. */
const mayRaisePriority = () => spawnSync(process.execPath, ['-e', "try { require('node:os').setPriority(0, -1) } catch { process.exit(1) }"]).status === 0;
const nicedThreads = () => [...threadNices()].filter(([, n]) => n >= AFTER_SNAPSHOT_NICE).map(([t]) => t);

describe('the engine worker started ahead of the run', () => {
  it('is taken by the next run, which succeeds', async () => {
    warmBackupWorker();
    expect(hasWarmWorker()).toBe(true);
    const r = await runBackup(baseOptions(temps.make('warm-folder'), [dataDir()]));
    expect(r.result).toBe('Succeeded');
    expect(hasWarmWorker()).toBe(false);
  });

  it('is replaced when it died before the run: the run still starts and succeeds', async () => {
    const spare = warmBackupWorker();
    expect(spare).not.toBeNull();
    await new Promise<void>((resolve) => {
      spare?.once('exit', () => resolve());
      void spare?.terminate();
    });
    expect(hasWarmWorker()).toBe(false);
    const r = await runBackup(baseOptions(temps.make('warm-folder'), [dataDir()]));
    expect(r.result).toBe('Succeeded');
  });

  it('does not survive a run that fails its input check', async () => {
    warmBackupWorker();
    const r = await runBackup(baseOptions('relative/folder', [dataDir()]));
    expect(r.result).toBe('Failed');
    expect(hasWarmWorker()).toBe(false);
  });
});

describe.runIf(process.platform === 'linux')('CPU priority of a run (Linux: per thread)', () => {
  it('keeps full priority up to the snapshot point, lowers only the engine thread after it, and leaves nothing lowered after the run', async () => {
    const host = ownThreadId() as number;
    let beforePoint: number[] | null = null;
    let afterPoint: number[] | null = null;
    let hostNiceAfterPoint: number | undefined;
    let phaseAtSnapshot: Phase | undefined;
    let engineNiceBeforePoint = NaN;
    const threadsBefore = threadNices();
    let phase: Phase | undefined;
    const r = await runBackup(
      baseOptions(temps.make('prio-folder'), [dataDir()], {
        onProgress: (e) => (phase = e.phase),
        beforeSnapshot: async () => {
          beforePoint = nicedThreads();
          engineNiceBeforePoint = Math.min(...[...threadNices()].filter(([t]) => !threadsBefore.has(t)).map(([, n]) => n));
        },
        onSnapshot: () => (phaseAtSnapshot = phase),
        // Called from the worker after the commit, while its thread is still there.
        cleanup: async () => {
          afterPoint = nicedThreads();
          hostNiceAfterPoint = threadNices().get(host);
        },
      }),
    );
    expect(r.result).toBe('Succeeded');
    // The yellow light is released in Locking Files, before the databases are copied and streamed.
    expect(phaseAtSnapshot).toBe('Locking Files');
    expect(beforePoint).toEqual([]);
    // Normal priority, or above it where the process may ask for that (root: CAP_SYS_NICE).
    expect(engineNiceBeforePoint).toBeLessThanOrEqual(0);
    if (mayRaisePriority()) expect(engineNiceBeforePoint).toBe(BEFORE_SNAPSHOT_NICE);
    expect((afterPoint as unknown as number[]).length).toBeGreaterThan(0);
    expect(afterPoint).not.toContain(host);
    expect(hostNiceAfterPoint).toBe(0);
    // The worker's thread ends with the run (terminated just after its result): then no thread is left lowered.
    while (nicedThreads().length > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(threadNices().get(host)).toBe(0);
  });
});
