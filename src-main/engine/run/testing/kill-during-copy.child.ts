// Test helper process (run by kill-during-copy.test.ts, never shipped): a run cancelled in
// "Saving Files" whose worker is ended at once (killAfterMs 1), as on a busy machine where the
// SQLite step outlasts the grace. A V8 fatal error here ends this process with SIGABRT.
import { runBackup } from '../../worker/run-in-worker.js';
import { CancelledError } from '../../errors.js';
import { baseOptions } from '../../testing/engine-fixtures.js';

const [folder, data] = process.argv.slice(2) as [string, string];
const abort = new AbortController();
const r = await runBackup({
  ...baseOptions(folder, [data]),
  killAfterMs: 1,
  signal: abort.signal,
  onProgress: (e) => {
    if (e.phase === 'Saving Files' && !abort.signal.aborted) abort.abort(new CancelledError('ann'));
  },
});
process.stdout.write(`${JSON.stringify({ result: r.result, error: r.error, failedPhase: r.failedPhase, backupPath: r.backupPath })}\n`);
