import type { OffsiteTarget } from '../../../shared/offsite-settings.js';
import type { Logger } from '../../base/logger.js';
import type { Timer } from '../retry/timer.js';
import { slotsBetween } from '../schedule/schedule-slots.js';
import type { WatermarkStore } from '../schedule/watermark-store.js';

// Targets copied on their own schedule (`when.kind: "schedule"`): once a minute the Director looks
// whether one of a target's times passed since the last look, and then queues the newest successful
// backup for it (unless that one is already there). Until when it looked is kept in the config
// directory (offsite-schedule-state.json, the run schedule's format), so a slot missed while the
// Director was down is caught up once at start, like missed run slots: within the schedule's
// catch-up window, one copy per target however many of its slots were missed.

export const OFFSITE_SCHEDULE_STATE = 'offsite-schedule-state.json';

const HOUR = 3_600_000;

const slotsOf = (t: OffsiteTarget, timeZone: string, from: Date, to: Date) =>
  t.when.kind === 'schedule' ? slotsBetween([{ id: t.id, days: t.when.days, times: t.when.times, suspended: false }], timeZone, from, to) : [];

/** The enabled schedule targets with a slot in (from, to] (pure). */
export function dueTargets(targets: readonly OffsiteTarget[], timeZone: string, from: Date, to: Date): OffsiteTarget[] {
  return targets.filter((t) => t.enabled && slotsOf(t, timeZone, from, to).length > 0);
}

/**
 * Pure: at start, the targets with a slot missed since `watermark` (the last look before the
 * Director stopped), within `catchUpHours` of `now`, each with how many of its slots were missed.
 * No watermark (first start) or a window of 0 catches up nothing.
 */
export function catchUpTargets(targets: readonly OffsiteTarget[], timeZone: string, watermark: Date | null, now: Date, catchUpHours: number): { target: OffsiteTarget; missed: number }[] {
  if (!watermark || catchUpHours <= 0) return [];
  const from = new Date(Math.max(watermark.getTime(), now.getTime() - catchUpHours * HOUR));
  return targets.filter((t) => t.enabled).map((target) => ({ target, missed: slotsOf(target, timeZone, from, now).length })).filter((c) => c.missed > 0);
}

export interface OffsiteScheduleDeps {
  targets: () => readonly OffsiteTarget[];
  timeZone: () => string;
  /** The schedule's catch-up window (settings `schedule.catchUpHours`). */
  catchUpHours: () => number;
  watermark: WatermarkStore;
  clock: () => Date;
  timer: Timer;
  logger?: Pick<Logger, 'info' | 'warn'>;
  due: (t: OffsiteTarget) => void;
}

/** Catches up once for slots missed while down, then looks every minute; `stop()` ends it. */
export async function startOffsiteSchedule(deps: OffsiteScheduleDeps): Promise<{ stop(): void }> {
  let last = deps.clock();
  const saved = await deps.watermark.load().catch(() => null);
  for (const { target, missed } of catchUpTargets(deps.targets(), deps.timeZone(), saved, last, deps.catchUpHours())) {
    deps.logger?.info(`offsite target "${target.label}": ${missed} scheduled cop${missed === 1 ? 'y' : 'ies'} missed while the Director was down; catching up once`);
    deps.due(target);
  }
  const save = (at: Date) => void deps.watermark.save(at).catch((err: unknown) => deps.logger?.warn(`offsite schedule state not saved: ${String(err)}`));
  save(last);
  let cancel: () => void = () => undefined;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    const now = deps.clock();
    for (const t of dueTargets(deps.targets(), deps.timeZone(), last, now)) deps.due(t);
    last = now;
    save(now);
    cancel = deps.timer.after(60_000, tick);
  };
  cancel = deps.timer.after(60_000, tick);
  return {
    stop: () => {
      stopped = true;
      cancel();
    },
  };
}
