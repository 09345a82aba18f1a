import { CalendarDate, CalendarDateTime, fromAbsolute, getDayOfWeek, toZoned } from '@internationalized/date';
import { timeZoneProblem } from '../../../shared/time-zone.js';

// Wall-clock time in an IANA time zone, to the minute, and the instant a wall-clock time names.
// The zone arithmetic (offsets, DST gaps and repeats) is @internationalized/date's, the library
// the console's date pickers use too; no system zone is assumed.

export interface LocalMinute {
  year: number;
  /** 1..12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** Is this an IANA zone name the runtime knows? */
export const isValidTimeZone = (timeZone: string): boolean => timeZoneProblem(timeZone) === null;

export function localMinute(instant: Date, timeZone: string): LocalMinute {
  const z = fromAbsolute(instant.getTime(), timeZone);
  return { year: z.year, month: z.month, day: z.day, hour: z.hour, minute: z.minute };
}

const sameMinute = (a: LocalMinute, b: LocalMinute) =>
  a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute;

export type Resolution = 'exact' | 'gap' | 'repeat';

/**
 * The instant a wall-clock time names in a zone. A time skipped by a DST jump ("gap")
 * moves forward by the jump (02:30 on a spring-forward day → 03:30), so it still runs once;
 * a time that happens twice ("repeat") is its first occurrence, so it runs once.
 */
export function resolveLocal(local: LocalMinute, timeZone: string): { at: Date; resolution: Resolution } {
  const wall = new CalendarDateTime(local.year, local.month, local.day, local.hour, local.minute);
  const earlier = toZoned(wall, timeZone, 'earlier').toDate().getTime();
  const later = toZoned(wall, timeZone, 'later').toDate().getTime();
  if (earlier === later) return { at: new Date(earlier), resolution: 'exact' };
  // Two instants: both show this wall-clock time (a repeat), or neither does (a gap; 'later' is moved forward by the jump).
  if (sameMinute(localMinute(new Date(earlier), timeZone), local)) return { at: new Date(earlier), resolution: 'repeat' };
  return { at: new Date(later), resolution: 'gap' };
}

/** 0 = Sunday .. 6 = Saturday, for a calendar date. */
export const weekdayOf = (year: number, month: number, day: number): number => getDayOfWeek(new CalendarDate(year, month, day), 'en-US', 'sun');

/** The calendar date `n` days after the given one. */
export function addDays(year: number, month: number, day: number, n: number): { year: number; month: number; day: number } {
  const d = new CalendarDate(year, month, day).add({ days: n });
  return { year: d.year, month: d.month, day: d.day };
}

export const pad2 = (n: number): string => String(n).padStart(2, '0');
export const isoDate = (d: { year: number; month: number; day: number }): string => `${d.year}-${pad2(d.month)}-${pad2(d.day)}`;
