import type { ScheduleView } from '../../../shared/schedule.js';
import type { ScheduleSettings } from '../../../shared/settings.js';
import { entryToCron } from './schedule-cron.js';
import { nextRuns } from './schedule-slots.js';
import { isValidTimeZone } from './zoned-time.js';

/** The schedule as `schedule.list` shows it: each entry's cron form and next run times. */
export function scheduleView(schedule: ScheduleSettings, timeZone: string, now: Date, perEntry = 3): ScheduleView {
  const valid = isValidTimeZone(timeZone);
  const next = valid ? nextRuns(schedule, timeZone, now, 1) : [];
  return {
    entries: schedule.entries.map((e) => ({
      ...e,
      cron: entryToCron(e),
      nextRuns: valid && !e.suspended ? nextRuns(schedule, timeZone, now, perEntry, e.id).map((s) => s.at.toISOString()) : [],
    })),
    suspendedUntil: schedule.suspendedUntil,
    timeZone,
    catchUpHours: schedule.catchUpHours,
    nextRun: next[0]?.at.toISOString() ?? null,
  };
}
