import type { ScheduleView } from '../../../shared/schedule.js';
import type { ScheduleDays } from '../../../shared/settings.js';
import { weekdayNames } from '../../../shared/settings.js';
import { CliError, EXIT } from './exit-codes.js';

// `hotbackup schedule`: the --days words read, and the schedule printed in its own time zone.

/** `weekdays`, `everyday`, or days like `mon,wed,fri` → ScheduleDays. */
export function parseDays(text: string): ScheduleDays {
  const t = text.trim().toLowerCase();
  if (t === 'weekdays') return { kind: 'weekdays' };
  if (t === 'everyday' || t === 'every-day' || t === 'daily') return { kind: 'everyDay' };
  const names = weekdayNames.map((n) => n.toLowerCase());
  const days = t.split(',').map((d) => d.trim().slice(0, 3));
  const bad = days.filter((d) => !names.includes(d));
  if (!days.length || bad.length) {
    throw new CliError(`--days "${text}": use weekdays, everyday, or days such as mon,wed,fri (unknown: ${bad.join(', ') || 'none given'})`, EXIT.BAD_INPUT);
  }
  return { kind: 'chosen', days: [...new Set(days.map((d) => names.indexOf(d)))].sort() };
}

export function formatDays(days: ScheduleDays): string {
  if (days.kind === 'weekdays') return 'weekdays';
  if (days.kind === 'everyDay') return 'every day';
  return days.days.map((d) => weekdayNames[d]).join(',');
}

/** A run time as the schedule's own wall-clock time (its zone, not this process's TZ): "Tue, 01 Dec 2026, 03:00". */
function runTime(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: '2-digit', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(new Date(iso));
}

export function formatSchedule(v: ScheduleView): string {
  const lines = [`Time zone: ${v.timeZone}   Catch-up window: ${v.catchUpHours} h`];
  if (v.suspendedUntil) lines.push(`Schedule suspended ${v.suspendedUntil === 'indefinitely' ? 'indefinitely' : `until ${v.suspendedUntil}`}`);
  if (!v.entries.length) lines.push('No schedule entries. Add one: hotbackup schedule add --days weekdays --times 12:00,17:00');
  for (const e of v.entries) {
    const state = e.suspended ? ' (suspended)' : '';
    lines.push(`${e.id}: ${formatDays(e.days)} at ${e.times.join(', ')}${state}`);
    lines.push(`    cron: ${e.cron.join(' | ')}`);
    if (e.nextRuns.length) lines.push(`    next: ${e.nextRuns.map((r) => runTime(r, v.timeZone)).join('; ')}`);
  }
  lines.push(`Next run: ${v.nextRun ? `${runTime(v.nextRun, v.timeZone)} (${v.timeZone})` : 'none'}`);
  return lines.join('\n');
}
