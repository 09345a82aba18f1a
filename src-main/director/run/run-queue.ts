import type { RunOverrides } from '../../../shared/run.js';
import type { LastRun } from '../../../shared/status.js';
import { CancelledError, failedResult, RunError, settleFolderRecord, type CleanupContext, type RunBackupResult } from '../../engine/index.js';
import { formatLocalIso } from '../../base/local-iso.js';
import { SHUTDOWN_REASON, shutdownGraceMs, type RunQueueDeps, type RunRequest } from './run-queue-deps.js';
import { RunHandle } from './run-handle.js';
import { noRecorder, RunLifecycle, type RunEnded } from './run-lifecycle.js';
import { statusSnapshot, toLastRun } from './run-status.js';
import { endWaitingRun } from './waiting-run-end.js';
import { watchRun, WATCHDOG_DEFAULT_MINUTES } from './run-watchdog.js';

export type { RunBackup, RunQueueDeps, RunRequest } from './run-queue-deps.js';
export { SHUTDOWN_REASON, shutdownGraceMs } from './run-queue-deps.js';
export type { RunEnded, RunEndedListener } from './run-lifecycle.js';
export { WATCHDOG_DEFAULT_MINUTES } from './run-watchdog.js';

/**
 * One run at a time. A start while a run is in progress joins that run; a start while the run in
 * progress was cancelled (or stopped) and is still ending waits for it and then starts a new run
 * (joining it would fail the new request with the old run's "cancelled by ..."). A cancel or a
 * shutdown meanwhile ends the waiting run before it starts (waiting-run-end.ts); a later start then
 * waits with a new run.
 */
export class RunQueue {
  private active: RunHandle | null = null;
  /** The run that starts once the cancelled run in progress has ended (joined by later starts). */
  private next: { run: RunHandle; overrides?: RunOverrides } | null = null;
  private activeLife: { life: RunLifecycle; hotBackupFolder: string } | null = null;
  /** Runs a shutdown recorded as stopped because they did not stop in time: their late end is not recorded again. */
  private readonly abandoned = new Set<string>();
  private lastRun: LastRun | null;
  private warnings: string[];
  private counter = 0;
  private closed = false;
  /** Waiting runs a cancel or shutdown ended before they started, still being recorded. */
  private readonly ending = new Set<Promise<unknown>>();
  /** Retention (issue 4) sets this: called in 'Removing Old Backups' after a successful commit. */
  cleanup: ((ctx: CleanupContext) => Promise<void>) | null = null;

  constructor(private readonly deps: RunQueueDeps) {
    this.lastRun = deps.initialStatus.lastRun;
    this.warnings = deps.initialStatus.warnings;
  }

  current(): RunHandle | null {
    return this.active;
  }

  /** At start: show how the last run ended (from BACKUP.LOG) until a run of ours ends. */
  restoreLastRun(lastRun: LastRun | null): void {
    if (this.lastRun || this.active || !lastRun) return;
    this.lastRun = lastRun;
    this.publish(null, true);
  }

  /** Start a run, or join the one in progress (then `joined` is true). Throws when shutting down. */
  start(req: RunRequest): { run: RunHandle; joined: boolean } {
    const participant = { system: req.system, user: req.user, task: req.task };
    if (this.active && !this.active.abort.signal.aborted) {
      this.active.addParticipant(participant);
      return { run: this.active, joined: true };
    }
    if (this.closed) throw new Error('The Director is shutting down: no new HotBackup runs start.');
    if (this.next) {
      this.next.run.addParticipant(participant);
      return { run: this.next.run, joined: true };
    }
    const now = this.deps.clock();
    const run = new RunHandle(`run-${now.getTime()}-${++this.counter}`, req.trigger, req.user, req.task, formatLocalIso(now));
    run.addParticipant(participant);
    const how = `${req.trigger}${req.user ? ` by ${req.user}` : ''}${req.task ? ` for ${req.task}` : ''}`;
    if (this.active) {
      this.next = { run, overrides: req.overrides };
      this.deps.logger.info(`run ${run.key} waits: ${how}; run ${this.active.key} was stopped and is ending`);
      return { run, joined: false };
    }
    this.active = run;
    this.deps.logger.info(`run ${run.key} starting: ${how}`);
    void this.execute(run, req.overrides);
    return { run, joined: false };
  }

  /**
   * A schedule slot: starts a run (or joins the one waiting for a stopped run), unless a run is in
   * progress ('busy': the slot is skipped). A run that was cancelled and is still ending is not.
   */
  startUnlessRunning(req: RunRequest): 'started' | 'busy' {
    if (this.active && !this.active.abort.signal.aborted) return 'busy';
    this.start(req);
    return 'started';
  }

  /** The run waiting for a stopped one is cancelled or stopped before it starts: it ends now. */
  private endWaiting(e: RunError): RunHandle | null {
    const n = this.next;
    if (!n) return null;
    this.next = null;
    n.run.abort.abort(e);
    this.deps.logger.warn(`run ${n.run.key}: ${e.message} before it started`);
    const { logger, clock, onRunEnded } = this.deps;
    const deps = { recorder: this.deps.recorder ?? noRecorder, logger, clock, listeners: onRunEnded };
    const ending = endWaitingRun(deps, n.run, n.overrides?.folder ?? this.deps.settings().folder.path, e).catch((err: Error) =>
      logger.error(`run ${n.run.key}: ending it failed: ${err.stack ?? err.message}`),
    );
    this.ending.add(ending);
    void ending.finally(() => this.ending.delete(ending));
    return n.run;
  }

  /** After a run ended: the run that waited for it starts. */
  private startNext(): void {
    const n = this.next;
    if (!n || this.active) return;
    this.next = null;
    this.active = n.run;
    this.deps.logger.info(`run ${n.run.key} starting: the stopped run before it has ended`);
    void this.execute(n.run, n.overrides);
  }

  private publish(run: RunHandle | null, final = false): void {
    const warnings = final ? this.warnings : (this.deps.shownWarnings?.() ?? this.warnings);
    this.deps.publish(statusSnapshot(run ? run.state : null, this.lastRun, warnings), final);
  }

  private async execute(run: RunHandle, overrides?: RunOverrides): Promise<void> {
    const { tasks, logger } = this.deps;
    tasks.closeGate(`a HotBackup run (${run.state.trigger}) has not yet reached its snapshot point`);
    // Every task that overlaps the run before its snapshot point goes into HB.LOG, even if it ended while the run waited.
    for (const t of tasks.list()) run.addParticipant(t);
    const stopRecording = tasks.onBegin((t) => run.addParticipant(t));
    const settings = this.deps.settings();
    const hotBackupFolder = overrides?.folder ?? settings.folder.path;
    const life = new RunLifecycle({ recorder: this.deps.recorder ?? noRecorder, logger, clock: this.deps.clock, listeners: this.deps.onRunEnded }, run.state, hotBackupFolder);
    this.activeLife = { life, hotBackupFolder };
    await life.begin();
    this.publish(run);
    const minutes = settings.engine.watchdogMinutes ?? WATCHDOG_DEFAULT_MINUTES;
    const watchdog = watchRun(run, { minutes, clock: this.deps.clock, logger, checkMs: this.deps.watchdogCheckMs ?? 30_000 });
    let result: RunBackupResult;
    try {
      result = await life.attempt(() => this.deps.runBackup({
        hotBackupFolder,
        dataDirectories: overrides?.dataDirectories ?? settings.dataDirectories,
        settings: { ...settings.engine, ...overrides?.engine },
        trigger: run.state.trigger,
        user: run.state.user,
        task: run.state.task,
        clock: this.deps.clock,
        logger,
        signal: run.abort.signal,
        onProgress: (e) => {
          watchdog.saw(e);
          run.progress(e);
          this.publish(run);
        },
        beforeSnapshot: async () => {
          const waitingFor = tasks.exclusiveRunning();
          if (waitingFor.length === 0) return;
          run.setPhase('Waiting for Exclusive Tasks to Finish', 'Pending');
          this.publish(run);
          logger.info(`run ${run.key} waits for exclusive task(s): ${waitingFor.map((t) => t.task).join(', ')}`);
          await tasks.waitForExclusiveTasks(run.abort.signal);
        },
        onFolder: (id) => {
          run.setId(id);
          life.folder(id);
          this.publish(run);
        },
        userTasks: () => run.userTasks(tasks.list()),
        onSnapshot: () => {
          run.markSnapshot();
          tasks.openGate();
          this.publish(run);
        },
        cleanup: this.cleanup ? (ctx) => this.cleanup!(ctx) : undefined,
      }));
    } finally {
      watchdog.stop();
      stopRecording();
      tasks.openGate();
    }
    if (this.abandoned.has(run.key)) return;
    this.activeLife = null;
    result = await life.end(result);
    this.lastRun = toLastRun(run.state.trigger, result);
    this.warnings = result.warnings;
    this.active = null;
    run.finish(result);
    this.publish(null, true);
    this.startNext();
    const ended: RunEnded = {
      runKey: run.key,
      trigger: run.state.trigger,
      user: run.state.user,
      task: run.state.task,
      hotBackupFolder,
      result,
    };
    await life.notify(ended);
  }

  /** Cancel the run in progress: it ends Failed "cancelled by <by>" and its work files are removed. */
  cancel(by: string): RunHandle | null {
    // A run waiting for a stopped one is what a new cancel means: it ends Failed "cancelled by <by>"
    // without starting, recorded like any run; a later start waits with a new run.
    if (this.active?.abort.signal.aborted && this.next) {
      return this.endWaiting(new CancelledError(by));
    }
    const run = this.active;
    if (!run || run.abort.signal.aborted) return run;
    this.deps.logger.warn(`run ${run.key}: cancelled by ${by || 'an unnamed user'}`);
    run.abort.abort(new CancelledError(by));
    return run;
  }

  /**
   * Shutdown: no new runs; the run in progress is stopped and recorded Failed "stopped by shutdown".
   * A run that does not stop within the grace period (a drive or share that stopped answering) is
   * recorded as stopped anyway, so the Director ends in time (the host then exits the process).
   */
  async shutdown(graceMs = shutdownGraceMs()): Promise<void> {
    this.closed = true;
    // A run waiting for a stopped one never starts: it ends "stopped by shutdown", and its requesters
    // hear it before the host closes the server.
    this.endWaiting(new RunError('stopped', 'RUN_FAILED', SHUTDOWN_REASON));
    await this.stopActive(graceMs);
    await Promise.all(this.ending);
  }

  private async stopActive(graceMs: number): Promise<void> {
    const run = this.active;
    if (!run) return;
    this.deps.logger.warn(`stopping run ${run.key}: the Director is shutting down`);
    run.abort.abort(SHUTDOWN_REASON);
    // Most of the grace for the run to stop by itself; the rest to record it.
    const waitMs = Math.max(500, graceMs - 3000);
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = await Promise.race([
      run.done.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), waitMs))),
    ]);
    clearTimeout(timer);
    if (!gaveUp || this.active !== run) return;
    const seconds = Math.round(waitMs / 1000);
    this.deps.logger.error(`run ${run.key} did not stop within ${seconds} s of the shutdown request: recorded as stopped`);
    await this.recordAbandoned(run, seconds);
  }

  /** Whether a shutdown gave up on a run: a call of it may still be stuck in the kernel (the process cannot exit normally then). */
  hasAbandoned(): boolean {
    return this.abandoned.size > 0;
  }

  private async recordAbandoned(run: RunHandle, seconds: number): Promise<void> {
    this.abandoned.add(run.key);
    const e = new RunError('stopped', 'RUN_FAILED', `${SHUTDOWN_REASON}: the Director shut down and the run did not stop within ${seconds} s (a drive or network share not answering?)`);
    const s = run.state;
    let r = failedResult({ id: s.id, startedAt: s.startedAt, endedAt: formatLocalIso(this.deps.clock()), failedPhase: s.phase }, e);
    const life = this.activeLife;
    this.activeLife = null;
    if (life) {
      r = await life.life.end(r);
      // BACKUP.LOG lives on the drive that may be what hangs: tried for a moment, else the next start settles the line.
      let t: NodeJS.Timeout | undefined;
      await Promise.race([settleFolderRecord(life.hotBackupFolder, r).catch(() => undefined), new Promise((resolve) => (t = setTimeout(resolve, 2000)))]);
      clearTimeout(t);
    }
    this.lastRun = toLastRun(s.trigger, r);
    this.active = null;
    run.finish(r);
    this.publish(null, true);
    this.startNext();
  }

}
