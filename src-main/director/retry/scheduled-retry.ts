import type { AlertSettings } from '../../../shared/settings.js';
import { formatLocalIso } from '../../base/local-iso.js';
import type { Logger } from '../../base/logger.js';
import type { RunEnded, RunQueue } from '../run/run-queue.js';
import { decideAfterRun, notifiesNow, scheduledTriggers } from './retry-decision.js';
import { memoryRetryStateStore, type RetryStateStore } from './retry-state-store.js';
import type { Timer } from './timer.js';

export interface ScheduledRetryDeps {
  settings: () => AlertSettings;
  runs: Pick<RunQueue, 'start' | 'current'>;
  clock: () => Date;
  logger: Logger;
  timer: Timer;
  /** Adds a line to the status warnings (console and CLI show them until the next run ends). */
  warn: (message: string) => void;
  /** Keeps the waiting retry across Director restarts (default: in memory only). */
  store?: RetryStateStore;
}

interface Pending {
  attempt: number;
  of: number;
  cancel: () => void;
  /** The wait is over but another run was in progress: start when it ends (unless it succeeded). */
  due: boolean;
}

/**
 * Retries a failed scheduled run (`alerts.retryCount` times, waits growing from
 * `alerts.retryWaitMinutes`). Register `onRunEnded` before the e-mail listener and let that
 * listener ask `notifies(runKey)`: by default a failure is mailed only after the last retry.
 * A retry still waiting when the Director stops is kept (retry-state.json) and runs after the
 * next start (at once when its time has passed); the failure e-mail it held back is not sent.
 */
export class ScheduledRetry {
  private readonly attempts = new Map<string, number>();
  private readonly held = new Set<string>();
  private pending: Pending | null = null;
  private stopped = false;
  private readonly store: RetryStateStore;
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ScheduledRetryDeps) {
    this.store = deps.store ?? memoryRetryStateStore();
  }

  /** At Director start: arm a retry left waiting by the last run of the Director. */
  async start(): Promise<void> {
    const left = await this.store.load();
    if (!left || this.stopped || this.pending) return;
    const waitMs = Math.max(0, Date.parse(left.dueAt) - this.deps.clock().getTime());
    this.deps.logger.info(`scheduled retry (attempt ${left.attempt} of ${left.of}) left waiting at the last shutdown: due ${left.dueAt}`);
    this.arm(left.attempt, left.of, waitMs);
  }

  /** The run queue's `onRunEnded` listener. */
  readonly onRunEnded = (ended: RunEnded): void => {
    const tracked = this.attempts.get(ended.runKey);
    this.attempts.delete(ended.runKey);
    const attempt = tracked ?? (scheduledTriggers.has(ended.trigger) ? 1 : null);
    const settings = this.deps.settings();
    const after = decideAfterRun(ended.result.result, attempt, settings);
    if (after.kind === 'keep') {
      if (this.pending?.due) this.fire();
      return;
    }
    this.drop();
    if (after.kind === 'clear') return;
    if (after.kind === 'final') {
      if (after.attempts > 1) this.deps.logger.warn(`scheduled HotBackup failed on all ${after.attempts} attempts; the failure e-mail goes out now`);
      return;
    }
    if (!notifiesNow(after, settings)) this.held.add(ended.runKey);
    if (this.stopped) return;
    const at = formatLocalIso(this.arm(after.attempt, after.of, after.waitMs));
    const message =
      `The scheduled HotBackup failed (attempt ${after.attempt - 1} of ${after.of}): ${ended.result.error ?? 'no reason given'}. ` +
      `It will be tried again at ${at.slice(0, 16).replace('T', ' ')}.`;
    this.deps.logger.warn(`run ${ended.runKey}: ${message}`);
    this.deps.warn(message);
  };

  /** For the e-mail listener: false while a retry of this failed run is still to come. */
  notifies(runKey: string): boolean {
    return !this.held.delete(runKey);
  }

  /** The retry waiting now, if any (for tests and the status). */
  waiting(): { attempt: number; of: number; due: boolean } | null {
    return this.pending ? { attempt: this.pending.attempt, of: this.pending.of, due: this.pending.due } : null;
  }

  /** Stop the timer; a waiting retry stays in the store for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.pending?.cancel();
    this.pending = null;
    await this.saving;
  }

  private arm(attempt: number, of: number, waitMs: number): Date {
    const dueAt = new Date(this.deps.clock().getTime() + waitMs);
    const pending: Pending = { attempt, of, due: false, cancel: () => undefined };
    pending.cancel = this.deps.timer.after(waitMs, () => {
      if (this.pending === pending) this.fire();
    });
    this.pending = pending;
    this.persist({ attempt, of, dueAt: dueAt.toISOString() });
    return dueAt;
  }

  private drop(): void {
    if (!this.pending) return;
    this.pending.cancel();
    this.pending = null;
    this.persist(null);
  }

  private persist(waiting: Parameters<RetryStateStore['save']>[0]): void {
    this.saving = this.saving
      .then(() => this.store.save(waiting))
      .catch((err: unknown) => this.deps.logger.warn(`the waiting scheduled retry could not be saved: ${(err as Error).message}`));
  }

  private fire(): void {
    const pending = this.pending;
    if (!pending || this.stopped) return;
    if (this.deps.runs.current()) {
      pending.due = true;
      this.deps.logger.info(`scheduled retry (attempt ${pending.attempt} of ${pending.of}) waits for the run in progress`);
      return;
    }
    this.pending = null;
    this.persist(null);
    try {
      const { run } = this.deps.runs.start({ trigger: 'Scheduled', user: '', task: '', system: '' });
      this.attempts.set(run.key, pending.attempt);
      this.deps.logger.info(`run ${run.key}: scheduled retry, attempt ${pending.attempt} of ${pending.of}`);
    } catch (err) {
      this.deps.logger.warn(`scheduled retry (attempt ${pending.attempt} of ${pending.of}) not started: ${(err as Error).message}`);
    }
  }
}
