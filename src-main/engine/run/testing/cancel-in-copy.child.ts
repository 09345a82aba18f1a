// Test helper process (run by cancel-in-copy.test.ts, never shipped): runs backups in the run's
// worker thread as a host does and cancels each one while its big database is being copied ("copy"),
// or while the snapshot of a database locked by a writer waits for the lock ("lock"), with a short
// kill deadline, so the host ends the worker from outside if it has not stopped by then. Prints one
// JSON line per run; a process that dies (better-sqlite3's FATAL ERROR) prints no "alive".
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runBackup } from '../../worker/run-in-worker.js';
import { RunError } from '../../errors.js';
import { baseOptions } from '../../testing/engine-fixtures.js';

const [data, folder, roundsText, mode = 'copy', released = ''] = process.argv.slice(2) as [string, string, string, string?, string?];

/** Whether the copy of a database has begun in the staging folder (its file, whole or partial). */
function copyBegun(backupPath: string): boolean {
  try {
    return readdirSync(join(backupPath, '.staging')).some((n) => /\.sqlite(\.partial)?$/.test(n));
  } catch {
    return false;
  }
}

for (let round = 0; round < Number(roundsText); round++) {
  const stop = new AbortController();
  let backupPath = '';
  let watch: NodeJS.Timeout | undefined;
  let cancelledInCopy = false;
  const r = await runBackup({
    ...baseOptions(folder, [data]),
    killAfterMs: 10,
    signal: stop.signal,
    onFolder: (_id, path) => (backupPath = path),
    onProgress: (e) => {
      if (mode === 'lock' && e.phase === 'Locking Files' && !watch) {
        // Into the wait for the writer's lock (SQLite's busy handler, inside one native call).
        watch = setTimeout(() => stop.abort(new RunError('cancelled', 'RUN_FAILED', 'cancelled by ann')), 300);
        return;
      }
      if (mode !== 'copy' || e.phase !== 'Saving Files' || watch) return;
      watch = setInterval(() => {
        if (!copyBegun(backupPath)) return;
        clearInterval(watch);
        cancelledInCopy = true;
        stop.abort(new RunError('cancelled', 'RUN_FAILED', 'cancelled by ann'));
      }, 2);
    },
  });
  clearInterval(watch);
  console.log(JSON.stringify({ round, cancelledInCopy, result: r.result, error: r.error, failedPhase: r.failedPhase, backupPath: r.backupPath }));
}
// The writer lets go of its lock (and the 10 s the snapshot would have waited for it are past).
while (released && !existsSync(released)) await new Promise((r) => setTimeout(r, 50));
const last = await runBackup(baseOptions(folder, [data]));
console.log(JSON.stringify({ round: 'last', result: last.result, error: last.error, backupPath: last.backupPath }));
console.log('alive');
