import cron from 'node-cron';
import type { ScheduleSettings } from '../../../shared/settings.js';
import type { Logger } from '../../base/logger.js';
import { activeSlotsBetween, decideCatchUp, decideWake, type Slot } from './schedule-slots.js';
import { effectiveTimeZone, scheduleProblem, wakeExpressions } from './wake-plan.js';
import type { WatermarkStore } from './watermark-store.js';

export interface CronJob {
  destroy(): void | Promise<void>;
}
/** Arms one cron job; node-cron 4 by default, a fake in tests. */
export type CronFactory = (expression: string, onTick: (scheduledFor: Date | null) => void, opts: { timezone: string; name: string }) => CronJob;

export const nodeCronFactory: CronFactory = (expression, onTick, opts) => {
  const task = cron.schedule(expression, (ctx) => onTick(ctx?.date ?? null), { timezone: opts.timezone, name: opts.name, noOverlap: true });
  // A fire node-cron missed (the machine slept, the loop was blocked): wake anyway; decideWake runs it if still fresh, else logs it.
  task.on('execution:missed', () => onTick(null));
  return task;
};

export type ScheduledTrigger = 'Scheduled' | 'Scheduled (catch-up)';
/** Start a scheduled run; 'busy' when a run is already in progress (the slot is then skipped). */
export type StartScheduledRun = (trigger: ScheduledTrigger, slot: Slot) => 'started' | 'busy';

export interface SchedulerDeps {
  schedule: () => ScheduleSettings;
  clock: () => Date;
  logger: Logger;
  startRun: StartScheduledRun;
  watermark: WatermarkStore;
  cron?: CronFactory;
  /** A slot that did not run, with why in words (the run history records it); never throws. */
  recordMissed?: (slot: Slot, cause: string) => void;
  systemTimeZone?: () => string;
  /** A clock that never jumps (ms); default performance.now. Compared with `clock` to see the wall clock jump. */
  monotonic?: () => number;
  /** Calls `fn` every `ms` until stopped (default setInterval, unref'd); tests tick by hand. */
  every?: (ms: number, fn: () => void) => () => void;
}

/** At most this many slots missed while down are recorded one by one (a Director down for a year). */
const MAX_MISSED_RECORDED = 100;
const DOWN = 'the Director was not running at that time';
const LATE = 'the Director woke too late for it (the machine slept or the clock jumped)';
const BUSY = 'a HotBackup run was already in progress';
/** How far the wall clock may drift from the monotonic clock between two checks before it counts as a jump. */
export const CLOCK_JUMP_MS = 60_000;
/** How often the clock is checked (and due slots looked for, should node-cron miss one after a jump). */
export const CLOCK_CHECK_MS = 15_000;

const realEvery = (ms: number, fn: () => void) => {
  const t = setInterval(fn, ms);
  t.unref();
  return () => clearInterval(t);
};
const slotKey = (s: Slot) => `${s.entryId}|${s.date}|${s.time}`;

const describe = (s: Slot) => `${s.date} ${s.time} (entry ${s.entryId}${s.resolution === 'gap' ? ', moved forward by a DST jump' : ''})`;

/**
 * The node-cron shell around the pure schedule decisions: node-cron says *when* to wake,
 * `decideWake` says *what* is due. Every slot since the last wake-up is dealt with once.
 */
export class Scheduler {
  private jobs: CronJob[] = [];
  private watermark: Date;
  private stopped = false;
  /** Slots already started (a clock set back brings their times again: they run once). */
  private readonly ran = new Set<string>();
  private lastWall = 0;
  private lastMono = 0;
  private stopTicking: (() => void) | null = null;

  constructor(private readonly deps: SchedulerDeps) {
    this.watermark = deps.clock();
  }

  private mono(): number {
    return (this.deps.monotonic ?? (() => performance.now()))();
  }

  private missed(slot: Slot, cause: string): void {
    this.deps.logger.warn(`schedule: slot ${describe(slot)} was missed: ${cause}`);
    this.deps.recordMissed?.(slot, cause);
  }

  /**
   * The wall clock against a clock that never jumps: set back (NTP after running fast), the
   * watermark follows it so the coming slots run (once: slots already started are not run
   * again); set forward, the slots jumped over run once for the latest, the rest are missed.
   */
  checkClock(): void {
    if (this.stopped) return;
    const wall = this.deps.clock().getTime();
    const mono = this.mono();
    const drift = wall - this.lastWall - (mono - this.lastMono);
    this.lastWall = wall;
    this.lastMono = mono;
    const minutes = Math.round(Math.abs(drift) / 60_000);
    if (drift < -CLOCK_JUMP_MS) {
      this.deps.logger.warn(`schedule: the clock was set back by about ${minutes} min; slots from now on run at their new times`);
      this.watermark = new Date(wall);
      void this.deps.watermark.save(this.watermark).catch(() => undefined);
      this.rearm();
    } else if (drift > CLOCK_JUMP_MS) {
      this.deps.logger.warn(`schedule: the clock jumped forward by about ${minutes} min`);
      const zone = this.zone();
      const schedule = this.deps.schedule();
      const skipped = scheduleProblem(schedule, zone) ? [] : activeSlotsBetween(schedule, zone, this.watermark, new Date(wall)).filter((s) => !this.ran.has(slotKey(s)));
      this.watermark = new Date(wall);
      void this.deps.watermark.save(this.watermark).catch(() => undefined);
      const latest = skipped.pop();
      for (const s of skipped) this.missed(s, `the clock jumped forward by about ${minutes} min over it`);
      if (latest) this.startSlot('Scheduled (catch-up)', latest);
      this.rearm();
    } else {
      // No jump: look for a due slot node-cron may have missed.
      this.wake(null);
    }
  }

  private startSlot(trigger: ScheduledTrigger, slot: Slot): void {
    this.ran.add(slotKey(slot));
    if (this.ran.size > 200) this.ran.delete(this.ran.values().next().value!);
    const outcome = this.deps.startRun(trigger, slot);
    if (outcome === 'busy') this.missed(slot, BUSY);
    else this.deps.logger.info(`schedule: slot ${describe(slot)} started a run`);
  }

  private zone(): string {
    return effectiveTimeZone(this.deps.schedule(), this.systemZone());
  }

  private systemZone(): string {
    return (this.deps.systemTimeZone ?? (() => Intl.DateTimeFormat().resolvedOptions().timeZone))();
  }

  /** At Director start: catch up once for slots missed while down, then arm the jobs. */
  async start(): Promise<void> {
    const now = this.deps.clock();
    const last = await this.deps.watermark.load();
    const schedule = this.deps.schedule();
    const zone = this.zone();
    if (!scheduleProblem(schedule, zone)) {
      const catchUp = decideCatchUp(schedule, zone, last, now);
      let ranFor: Slot | null = null;
      if (catchUp) {
        this.ran.add(slotKey(catchUp.slot));
        const outcome = this.deps.startRun('Scheduled (catch-up)', catchUp.slot);
        if (outcome === 'started') ranFor = catchUp.slot;
        this.deps.logger.info(
          `schedule: ${catchUp.missedCount} slot(s) missed while the Director was down; catching up once for ${describe(catchUp.slot)}: ${outcome}`,
        );
      }
      // Every slot since the watermark that no run stands for is recorded as missed.
      const down = last ? activeSlotsBetween(schedule, zone, last, now).filter((s) => s !== ranFor && s.at.getTime() !== ranFor?.at.getTime()) : [];
      if (down.length > MAX_MISSED_RECORDED) {
        this.deps.logger.warn(`schedule: ${down.length} slots were missed while the Director was down; the run history records the latest ${MAX_MISSED_RECORDED}`);
      }
      for (const slot of down.slice(-MAX_MISSED_RECORDED)) this.deps.recordMissed?.(slot, DOWN);
    }
    this.watermark = now;
    await this.deps.watermark.save(now);
    this.lastWall = now.getTime();
    this.lastMono = this.mono();
    this.stopTicking = (this.deps.every ?? realEvery)(CLOCK_CHECK_MS, () => this.checkClock());
    this.rearm();
  }

  /** Drop the jobs and arm them again from the current settings (called on every settings change). */
  rearm(): void {
    if (this.stopped) return;
    for (const job of this.jobs.splice(0)) void job.destroy();
    const schedule = this.deps.schedule();
    const zone = this.zone();
    const problem = scheduleProblem(schedule, zone);
    if (problem) {
      this.deps.logger.error(`schedule not armed: ${problem}`);
      return;
    }
    const expressions = wakeExpressions(schedule, zone, this.deps.clock());
    this.jobs = expressions.map((expression, i) =>
      (this.deps.cron ?? nodeCronFactory)(expression, (at) => this.wake(at), { timezone: zone, name: `hotbackup-schedule-${i}` }),
    );
    this.deps.logger.info(`schedule armed in ${zone}: ${expressions.length ? expressions.join(' | ') : 'nothing to run'}`);
  }

  /** A cron job fired. `scheduledFor` guards against a timer firing a hair early. */
  wake(scheduledFor: Date | null = null): void {
    if (this.stopped) return;
    const clockNow = this.deps.clock();
    const now = scheduledFor && scheduledFor.getTime() > clockNow.getTime() ? scheduledFor : clockNow;
    const schedule = this.deps.schedule();
    const zone = this.zone();
    if (scheduleProblem(schedule, zone) || now.getTime() <= this.watermark.getTime()) return;
    const { due, missed } = decideWake(schedule, zone, this.watermark, now);
    this.watermark = now;
    void this.deps.watermark.save(now).catch((err: unknown) => this.deps.logger.warn(`schedule state not saved: ${String(err)}`));
    for (const slot of missed) if (!this.ran.has(slotKey(slot))) this.missed(slot, LATE);
    const slot = due.filter((s) => !this.ran.has(slotKey(s))).at(-1);
    if (!slot) return;
    this.startSlot('Scheduled', slot);
    // Date-bound wake-ups (DST gaps) are computed a year ahead from now: refresh them.
    queueMicrotask(() => this.rearm());
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.stopTicking?.();
    for (const job of this.jobs.splice(0)) await job.destroy();
    // Slots up to now were dealt with while we ran; later ones count as missed at the next start.
    const now = this.deps.clock();
    if (now.getTime() > this.watermark.getTime()) this.watermark = now;
    await this.deps.watermark.save(this.watermark);
  }

  /** For tests and the schedule view. */
  get armedJobs(): number {
    return this.jobs.length;
  }
}
