import { failedResult, type RunBackupResult, type RunError } from '../../engine/index.js';
import { formatLocalIso } from '../../base/local-iso.js';
import type { RunHandle } from './run-handle.js';
import { RunLifecycle, type RunLifecycleDeps } from './run-lifecycle.js';

/**
 * A run that waited for a stopped one to end and is cancelled (or stopped by a shutdown) before it
 * started never runs: it ends Failed at once with the cause, its requesters (lights, `backup --wait`)
 * hear it, the run history records its start and end like any attempt's, and the listeners are told
 * (not waited for).
 * It never reached the engine, so it has no backup ID, BACKUP.LOG line or HB.LOG.
 */
export async function endWaitingRun(deps: RunLifecycleDeps, run: RunHandle, hotBackupFolder: string, e: RunError): Promise<RunBackupResult> {
  const s = run.state;
  const life = new RunLifecycle(deps, s, hotBackupFolder);
  await life.begin();
  const result = await life.end(failedResult({ id: null, startedAt: s.startedAt, endedAt: formatLocalIso(deps.clock()), failedPhase: s.phase }, e));
  run.finish(result);
  // Not waited for, as after any run: a shutdown waits for the record, not for an e-mail server.
  void life.notify({ runKey: run.key, trigger: s.trigger, user: s.user, task: s.task, hotBackupFolder, result });
  return result;
}
