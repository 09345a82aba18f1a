import type { RunOverrides } from '../../shared/run.js';
import type { Settings } from '../../shared/settings.js';
import type { LastRun, StatusSnapshot, Trigger } from '../../shared/status.js';
import type { CleanupContext, RunBackupOptions, RunBackupResult } from '../engine/run/run-types.js';
import { failedResult, settleFolderRecord } from '../engine/run/run-ending.js';
import { CancelledError, RunError, StuckError } from '../engine/run/run-errors.js';
import { formatLocalIso } from '../engine/time/local-iso.js';
import type { Logger } from './logger.js';
import { RunHandle } from './run-handle.js';
import { noRecorder, RunLifecycle, type RunEnded, type RunEndedListener, type RunRecorder } from './run-lifecycle.js';
import { statusSnapshot, toLastRun } from './run-status.js';
import type { TaskRegistry } from './tasks/task-registry.js';

/** The engine's entry point (src-main/engine), injected so the queue can be tested with a fake. */
export type RunBackup = (options: RunBackupOptions) => Promise<RunBackupResult>;

export interface RunRequest {
  trigger: Trigger;
  user: string;
  task: string;
  system: string;
  /** This run only: other folders or engine settings than the saved ones (refused when joining). */
  overrides?: RunOverrides;
}

export type { RunEnded, RunEndedListener } from './run-lifecycle.js';

export const SHUTDOWN_REASON = 'stopped by shutdown';

export interface RunQueueDeps {
  runBackup: RunBackup;
  settings: () => Settings;
  tasks: TaskRegistry;
  /** Receives every status change; the Director puts a Throttle in front of the status tracker. */
  publish(status: StatusSnapshot, final: boolean): void;
  initialStatus: StatusSnapshot;
  /** The warnings shown now (others add to them, e.g. a failed notification); kept until the next run ends. */
  shownWarnings?: () => string[];
  logger: Logger;
  clock: () => Date;
  /** Called after every run, in order; a listener's failure is logged and changes nothing. */
  onRunEnded: RunEndedListener[];
  /** The run history: every attempt's start, backup ID and end (default: none, for tests of the queue). */
  recorder?: RunRecorder;
  /** How often the watchdog looks at the run (ms, default 30 000). */
  watchdogCheckMs?: number;
}

export const WATCHDOG_DEFAULT_MINUTES = 10;

/** How long a shutdown (SIGTERM) waits for the run to stop: HOTBACKUP_SHUTDOWN_GRACE_SECONDS, default 30. */
export function shutdownGraceMs(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.HOTBACKUP_SHUTDOWN_GRACE_SECONDS);
  return (Number.isFinite(n) && n > 0 ? n : 30) * 1000;
}

/**
 * One run at a time. A start while a run is in progress joins that run; a start while the run in
 * progress was cancelled (or stopped) and is still ending waits for it and then starts a new run
 * (joining it would fail the new request with the old run's "cancelled by ...").
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

  /** After a run ended: the run that waited for it starts (shutdown stopped it already). */
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
    // Watchdog: no bytes or files moving for engine.watchdogMinutes (waiting for exclusive tasks is not stuck) ends the run.
    const minutes = settings.engine.watchdogMinutes ?? WATCHDOG_DEFAULT_MINUTES;
    let lastMove = this.deps.clock().getTime();
    let lastSeen = '';
    const watchdog = setInterval(() => {
      const now = this.deps.clock().getTime();
      if (run.state.phase === 'Waiting for Exclusive Tasks to Finish') lastMove = now;
      else if (now - lastMove >= minutes * 60_000 && !run.abort.signal.aborted) {
        this.deps.logger.error(`run ${run.key}: no progress for ${minutes} min in ${run.state.phase}: stopping it`);
        run.abort.abort(new StuckError(run.state.phase ?? 'Initializing', minutes, 'no bytes or files were saved, and the phase did not change'));
      }
    }, this.deps.watchdogCheckMs ?? 30_000);
    watchdog.unref?.();
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
          const seen = `${e.phase}|${e.progress.bytesDone}|${e.progress.filesDone}`;
          if (seen !== lastSeen) lastMove = this.deps.clock().getTime();
          lastSeen = seen;
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
      clearInterval(watchdog);
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
    // A run waiting for a stopped one is what a new cancel means: it starts, sees the cancel and
    // ends Failed "cancelled by <by>", recorded like any run.
    const run = this.active?.abort.signal.aborted && this.next ? this.next.run : this.active;
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
    // A run waiting for a stopped one starts, sees the shutdown and ends "stopped by shutdown".
    this.next?.run.abort.abort(SHUTDOWN_REASON);
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
