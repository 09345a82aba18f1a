import type { ScheduleAddInput } from '../../shared/schedule.js';
import { formatDateTimeWithDay } from '../format/date-time.js';
import { TimeOfDay, weekdayNames, type ScheduleDays, type ScheduleEntry } from '../../shared/settings.js';

export type DaysKind = ScheduleDays['kind'];

/** The Schedule Recurring HotBackups dialog as typed: a time is null while its field is incomplete. */
export interface ScheduleForm {
  kind: DaysKind;
  /** 0 = Sunday .. 6 = Saturday; used when kind is 'chosen'. */
  chosen: number[];
  times: (string | null)[];
}

export interface ScheduleFormErrors {
  days?: string;
  /** About the list as a whole (none given). */
  times?: string;
  /** One message per time field, same order as `form.times`. */
  perTime?: (string | undefined)[];
}

/** Monday first, as an office calendar shows the week. */
export const weekOrder = [1, 2, 3, 4, 5, 6, 0] as const;
const WEEKDAYS = [1, 2, 3, 4, 5];
const EVERY_DAY = [0, 1, 2, 3, 4, 5, 6];

export const dayName = (d: number): string => weekdayNames[d] ?? `day ${d}`;

export function daysOf(days: ScheduleDays): number[] {
  if (days.kind === 'weekdays') return WEEKDAYS;
  if (days.kind === 'everyDay') return EVERY_DAY;
  return days.days;
}

/** "Weekdays (Mon–Fri)", "Every day" or "Mon, Wed, Fri". */
export function describeDays(days: ScheduleDays): string {
  if (days.kind === 'weekdays') return 'Weekdays (Mon–Fri)';
  if (days.kind === 'everyDay') return 'Every day';
  return weekOrder.filter((d) => days.days.includes(d)).map(dayName).join(', ');
}

/** "weekdays at 12:00 and 17:00": how one entry is named in messages and labels. */
export function describeEntry(entry: Pick<ScheduleEntry, 'days' | 'times'>): string {
  const times = entry.times.length > 1 ? `${entry.times.slice(0, -1).join(', ')} and ${entry.times.at(-1)}` : (entry.times[0] ?? '');
  return `${describeDays(entry.days)} at ${times}`;
}

/**
 * Check the dialog with the shared schema: the `schedule.add` input, or a message per wrong field.
 * `existing` lets it refuse a day and time that another entry already runs.
 */
export function checkScheduleForm(
  form: ScheduleForm,
  existing: readonly Pick<ScheduleEntry, 'days' | 'times'>[] = [],
): { input: ScheduleAddInput | null; errors: ScheduleFormErrors } {
  const errors: ScheduleFormErrors = {};
  if (form.kind === 'chosen' && form.chosen.length === 0) {
    errors.days = 'No day is chosen: tick at least one day, or pick "Weekdays" or "Every day".';
  }
  if (form.times.length === 0) errors.times = 'No time of day is given: press "Add a time" and enter when the HotBackup should run.';

  const perTime: (string | undefined)[] = form.times.map((t, i) => {
    if (t === null || t === '') return `Time ${i + 1} is incomplete: enter hours and minutes (24-hour clock), e.g. 17:00.`;
    const parsed = TimeOfDay.safeParse(t);
    return parsed.success ? undefined : `Time ${i + 1} "${t}": ${parsed.error.issues[0]?.message ?? 'not a time of day'}.`;
  });
  form.times.forEach((t, i) => {
    if (perTime[i] || t === null) return;
    const first = form.times.indexOf(t);
    if (first !== i) perTime[i] = `${t} is listed twice (times ${first + 1} and ${i + 1}): remove one of them.`;
  });

  const days: ScheduleDays =
    form.kind === 'chosen' ? { kind: 'chosen', days: weekOrder.filter((d) => form.chosen.includes(d)) } : { kind: form.kind };
  if (!errors.days) {
    form.times.forEach((t, i) => {
      if (perTime[i] || t === null) return;
      const clash = existing.find((e) => e.times.includes(t) && daysOf(e.days).some((d) => daysOf(days).includes(d)));
      if (clash) {
        const shared = daysOf(days).filter((d) => daysOf(clash.days).includes(d));
        perTime[i] =
          `${t} on ${weekOrder.filter((d) => shared.includes(d)).map(dayName).join(', ')} is already scheduled ` +
          `(${describeEntry(clash)}): choose another time or day.`;
      }
    });
  }
  if (perTime.some(Boolean)) errors.perTime = perTime;

  if (errors.days || errors.times || errors.perTime) return { input: null, errors };
  const times = [...(form.times as string[])].sort();
  return { input: { days, times, suspended: false }, errors };
}

/** A run time in the schedule's own time zone, in the console's one date format with the weekday ("Fri 27 Nov 2026, 12:00" in Britain). */
export function formatRunTime(iso: string, timeZone: string, locale?: string): string {
  return formatDateTimeWithDay(iso, { timeZone, locale });
}

