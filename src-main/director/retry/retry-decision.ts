import type { AlertSettings } from '../../../shared/settings.js';
import type { RunResult, Trigger } from '../../../shared/status.js';

/** Runs the schedule started; only these are retried (an on-demand run has someone watching). */
export const scheduledTriggers: ReadonlySet<Trigger> = new Set<Trigger>(['Scheduled', 'Scheduled (catch-up)']);

/** The wait before retry number `n` (1-based): the set wait, then twice the one before. */
export function retryWaitMs(settings: Pick<AlertSettings, 'retryWaitMinutes'>, n: number): number {
  return settings.retryWaitMinutes * 60_000 * 2 ** Math.max(0, n - 1);
}

export type AfterRun =
  /** A backup succeeded: any retry still waiting is dropped. */
  | { kind: 'clear' }
  /** A scheduled attempt failed with retries left: try again after `waitMs`. */
  | { kind: 'retry'; attempt: number; of: number; waitMs: number }
  /** A scheduled attempt failed and it was the last one. */
  | { kind: 'final'; attempts: number }
  /** Another run failed (on demand, requested): a retry still waiting stays as it is. */
  | { kind: 'keep' };

/**
 * What follows an ended run. `attempt` is which attempt of a scheduled slot it was
 * (1 = the slot's own run), or null for a run the schedule did not start.
 */
export function decideAfterRun(result: RunResult, attempt: number | null, settings: Pick<AlertSettings, 'retryCount' | 'retryWaitMinutes'>): AfterRun {
  if (result === 'Succeeded') return { kind: 'clear' };
  if (attempt === null) return { kind: 'keep' };
  if (attempt > settings.retryCount) return { kind: 'final', attempts: attempt };
  return { kind: 'retry', attempt: attempt + 1, of: settings.retryCount + 1, waitMs: retryWaitMs(settings, attempt) };
}

/** Whether the run's own e-mails go out now: by default a failure waits for the last retry. */
export function notifiesNow(after: AfterRun, settings: Pick<AlertSettings, 'notifyEveryAttempt'>): boolean {
  return after.kind !== 'retry' || settings.notifyEveryAttempt;
}
