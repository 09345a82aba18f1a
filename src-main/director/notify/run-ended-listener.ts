import type { Trigger } from '../../../shared/status.js';
import type { DirectorServices } from '../services.js';
import { notifyDepsFrom, type NotifyDeps } from './notify-deps.js';
import { notifyRunEnded, type NotifyResult } from './notify-run.js';
import type { EndedRun } from './render.js';

/** The part of the run queue's `RunEnded` that notification reads. */
export interface RunEndedLike {
  runKey?: string;
  trigger: Trigger;
  user: string;
  task: string;
  result: Omit<EndedRun, 'trigger' | 'user' | 'task'>;
}

/** Send the e-mails for one ended run, then add any sending failure to the status warnings. */
export async function notifyAndWarn(d: DirectorServices, ended: RunEndedLike, overrides: Partial<NotifyDeps> = {}): Promise<NotifyResult> {
  const { id, result, startedAt, endedAt, error, failedPhase, files, bytes, backupPath, skipped, warnings } = ended.result;
  const outcome = await notifyRunEnded(notifyDepsFrom(d, overrides), {
    id, result, startedAt, endedAt, error, failedPhase, files, bytes, backupPath, skipped, warnings,
    trigger: ended.trigger, user: ended.user, task: ended.task,
  });
  if (outcome.warnings.length) {
    const now = d.status.get();
    d.status.set({ ...now, warnings: [...now.warnings, ...outcome.warnings] });
  }
  return outcome;
}

/**
 * The run queue's `onRunEnded` listener (the run's result stays as it was). `sendsNow` may
 * hold a run's e-mails back (a failed scheduled run with a retry still to come).
 */
export function createNotifyListener(
  d: DirectorServices,
  overrides: Partial<NotifyDeps> = {},
  sendsNow: (ended: RunEndedLike) => boolean = () => true,
): (ended: RunEndedLike) => Promise<void> {
  return async (ended) => {
    if (!sendsNow(ended)) return;
    await notifyAndWarn(d, ended, overrides);
  };
}
