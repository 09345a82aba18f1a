import { toZoned, type CalendarDateTime } from '@internationalized/date';
import { formatRunTime } from './schedule-form.js';

export interface SuspendForm {
  mode: 'indefinitely' | 'until';
  /** Wall-clock date and time in the schedule's time zone; null while the field is incomplete. */
  until: CalendarDateTime | null;
}

/**
 * The `until` of `schedule.suspend` for the whole schedule, or the message saying what is wrong.
 * The date and time are read in the schedule's time zone (the one its next runs are shown in).
 */
export function checkSuspendForm(form: SuspendForm, timeZone: string, now: Date): { until: string | null; error?: string } {
  if (form.mode === 'indefinitely') return { until: 'indefinitely' };
  if (!form.until) {
    return { until: null, error: 'The "suspend until" date and time are incomplete: fill in the day, month, year, hours and minutes.' };
  }
  const iso = toZoned(form.until, timeZone).toAbsoluteString();
  if (Date.parse(iso) <= now.getTime()) {
    return {
      until: null,
      error: `${formatRunTime(iso, timeZone)} has already passed (now: ${formatRunTime(now.toISOString(), timeZone)}): choose a later date and time, or "Until I resume".`,
    };
  }
  return { until: iso };
}

/** "Suspended until Fri 27 Nov 2026, 08:00", "Suspended until resumed", or null when running. */
export function describeSuspension(suspendedUntil: string | null, timeZone: string, now: Date): string | null {
  if (suspendedUntil === null) return null;
  if (suspendedUntil === 'indefinitely') return 'All scheduled HotBackups are suspended until you resume them.';
  if (Date.parse(suspendedUntil) <= now.getTime()) return null;
  return `All scheduled HotBackups are suspended until ${formatRunTime(suspendedUntil, timeZone)}.`;
}
