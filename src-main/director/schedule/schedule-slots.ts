import type { ScheduleEntry, ScheduleSettings } from '../../../shared/settings.js';
import { runsOnWeekday } from './schedule-cron.js';
import { addDays, isoDate, localMinute, resolveLocal, weekdayOf, type Resolution } from './zoned-time.js';

/** One scheduled run time: an entry's time of day on one local date, and the instant it names. */
export interface Slot {
  entryId: string;
  /** Local date, YYYY-MM-DD */
  date: string;
  /** Local time of day, HH:MM, as configured */
  time: string;
  at: Date;
  /** 'gap': the time did not exist that day (DST) and was moved forward by the jump. */
  resolution: Resolution;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Is the whole schedule suspended at this instant? */
export function globallySuspended(schedule: Pick<ScheduleSettings, 'suspendedUntil'>, at: Date): boolean {
  const until = schedule.suspendedUntil;
  if (until === null) return false;
  if (until === 'indefinitely') return true;
  return at.getTime() < Date.parse(until);
}

/** Every slot of the entries with `from < at <= to`, in time order (suspension not applied). */
export function slotsBetween(entries: readonly ScheduleEntry[], timeZone: string, from: Date, to: Date): Slot[] {
  if (to.getTime() <= from.getTime()) return [];
  const slots: Slot[] = [];
  const first = localMinute(new Date(from.getTime() - DAY), timeZone);
  const last = localMinute(new Date(to.getTime() + DAY), timeZone);
  const lastKey = isoDate(last);
  for (let d = { year: first.year, month: first.month, day: first.day }; isoDate(d) <= lastKey; d = addDays(d.year, d.month, d.day, 1)) {
    const weekday = weekdayOf(d.year, d.month, d.day);
    for (const entry of entries) {
      if (!runsOnWeekday(entry.days, weekday)) continue;
      for (const time of new Set(entry.times)) {
        const [hour, minute] = time.split(':').map(Number) as [number, number];
        const { at, resolution } = resolveLocal({ ...d, hour, minute }, timeZone);
        if (at.getTime() > from.getTime() && at.getTime() <= to.getTime()) {
          slots.push({ entryId: entry.id, date: isoDate(d), time, at, resolution });
        }
      }
    }
  }
  return slots.sort((a, b) => a.at.getTime() - b.at.getTime() || a.entryId.localeCompare(b.entryId));
}

/** The slots that really run: entry not suspended, schedule not globally suspended at that time. */
export function activeSlotsBetween(schedule: ScheduleSettings, timeZone: string, from: Date, to: Date): Slot[] {
  const live = schedule.entries.filter((e) => !e.suspended);
  return slotsBetween(live, timeZone, from, to).filter((s) => !globallySuspended(schedule, s.at));
}

/** The next `count` run times after `now` (of one entry when `entryId` is given). */
export function nextRuns(schedule: ScheduleSettings, timeZone: string, now: Date, count: number, entryId?: string): Slot[] {
  if (schedule.suspendedUntil === 'indefinitely') return [];
  const only = entryId ? { ...schedule, entries: schedule.entries.filter((e) => e.id === entryId) } : schedule;
  let start = now.getTime();
  if (schedule.suspendedUntil) start = Math.max(start, Date.parse(schedule.suspendedUntil) - 1);
  // Every entry runs at least once a week, so two weeks past the suspension always finds `count` slots for count <= 2 per entry.
  const horizon = start + Math.max(15, count * 7 + 1) * DAY;
  return activeSlotsBetween(only, timeZone, now, new Date(horizon)).slice(0, count);
}

/** What a wake-up of the scheduler should do: the slots to run now and those it was too late for. */
export interface WakeDecision {
  due: Slot[];
  missed: Slot[];
}

/**
 * Slots since the last wake-up (`watermark`): those within `graceMs` of `now` are due
 * (one run starts for them, however many coincide); older ones were missed (the process
 * was busy or asleep) and are only logged.
 */
export function decideWake(schedule: ScheduleSettings, timeZone: string, watermark: Date, now: Date, graceMs = 5 * 60_000): WakeDecision {
  const slots = activeSlotsBetween(schedule, timeZone, watermark, now);
  const cutoff = now.getTime() - graceMs;
  return { due: slots.filter((s) => s.at.getTime() > cutoff), missed: slots.filter((s) => s.at.getTime() <= cutoff) };
}

/**
 * At start: the one run to catch up for slots missed while the Director was down
 * (since `watermark`, the last time it dealt with the schedule), within `catchUpHours`.
 * Several missed slots still give one run, for the latest of them.
 */
export function decideCatchUp(
  schedule: ScheduleSettings,
  timeZone: string,
  watermark: Date | null,
  now: Date,
): { slot: Slot; missedCount: number } | null {
  if (!watermark || schedule.catchUpHours <= 0) return null;
  const from = new Date(Math.max(watermark.getTime(), now.getTime() - schedule.catchUpHours * HOUR));
  const missed = activeSlotsBetween(schedule, timeZone, from, now);
  const slot = missed[missed.length - 1];
  return slot ? { slot, missedCount: missed.length } : null;
}
