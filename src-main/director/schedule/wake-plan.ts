import type { ScheduleSettings } from '../../../shared/settings.js';
import { dateCron, entryToCron } from './schedule-cron.js';
import { activeSlotsBetween } from './schedule-slots.js';
import { isValidTimeZone, localMinute } from './zoned-time.js';

/** The zone a schedule runs in: its own setting, or the system's. */
export function effectiveTimeZone(schedule: Pick<ScheduleSettings, 'timeZone'>, systemZone: string): string {
  return schedule.timeZone ?? systemZone;
}

/** Why a schedule cannot be armed, or null. */
export function scheduleProblem(schedule: ScheduleSettings, timeZone: string): string | null {
  if (!isValidTimeZone(timeZone)) {
    return `schedule.timeZone "${timeZone}" is not a time zone this system knows: use an IANA name such as "America/New_York", or null for the system's zone`;
  }
  return null;
}

/**
 * The cron expressions node-cron must wake us at: each live entry's expressions, plus a
 * one-off date expression for every slot a DST gap moves in the next year (node-cron
 * skips a time that does not exist; we run it once, moved forward by the jump).
 */
export function wakeExpressions(schedule: ScheduleSettings, timeZone: string, now: Date): string[] {
  if (schedule.suspendedUntil === 'indefinitely') return [];
  const live = schedule.entries.filter((e) => !e.suspended);
  const expressions = new Set(live.flatMap((e) => entryToCron(e)));
  const yearAhead = new Date(now.getTime() + 366 * 86_400_000);
  for (const slot of activeSlotsBetween(schedule, timeZone, now, yearAhead)) {
    if (slot.resolution === 'gap') expressions.add(dateCron(localMinute(slot.at, timeZone)));
  }
  return [...expressions];
}
