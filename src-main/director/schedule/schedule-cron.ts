import type { ScheduleDays, ScheduleEntry } from '../../../shared/settings.js';

/** The cron day-of-week field for an entry's days (0 = Sunday). */
export function cronDays(days: ScheduleDays): string {
  if (days.kind === 'everyDay') return '*';
  if (days.kind === 'weekdays') return '1-5';
  return [...new Set(days.days)].sort((a, b) => a - b).join(',');
}

/** Does an entry run on this weekday (0 = Sunday)? */
export function runsOnWeekday(days: ScheduleDays, weekday: number): boolean {
  if (days.kind === 'everyDay') return true;
  if (days.kind === 'weekdays') return weekday >= 1 && weekday <= 5;
  return days.days.includes(weekday);
}

/** One five-field cron expression per time of day: `MM HH * * DOW`. */
export function entryToCron(entry: Pick<ScheduleEntry, 'days' | 'times'>): string[] {
  const dow = cronDays(entry.days);
  return [...new Set(entry.times)].sort().map((t) => {
    const [h, m] = t.split(':').map(Number);
    return `${m} ${h} * * ${dow}`;
  });
}

/** A one-off wake-up on a calendar date (the moved slot of a DST gap): `MM HH D M *`. */
export const dateCron = (local: { month: number; day: number; hour: number; minute: number }): string =>
  `${local.minute} ${local.hour} ${local.day} ${local.month} *`;
