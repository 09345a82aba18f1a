// How the Overview words its facts. Pure, so it is table-tested.
import { formatBytes, formatDuration } from '../../shared/format.js';
import type { Health, Overview, OverviewLastResult } from '../../shared/overview.js';
import { formatDateTime, formatDateTimeWithDay } from '../format/date-time.js';
import { countOf } from '../format/plural.js';

export const healthLabel: Record<Health, string> = { green: 'All good', yellow: 'Needs a look', red: 'Needs action' };

/** "3 hours ago", "2 days ago", "just now": whole units, rounded down (a backup is never made to look newer). */
export function timeAgo(iso: string, now: number): string {
  const s = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  if (s < 60) return 'just now';
  const m = Math.floor(s / 60);
  if (m < 60) return `${countOf(m, 'minute')} ago`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${countOf(h, 'hour')} ago`;
  return `${countOf(Math.floor(h / 24), 'day')} ago`;
}

export function lastGoodText(o: Pick<Overview, 'lastSuccess'>, now: number): string {
  if (!o.lastSuccess) return 'None yet';
  const id = o.lastSuccess.id ? ` · HotBackup ${o.lastSuccess.id}` : '';
  return `${timeAgo(o.lastSuccess.at, now)} (${formatDateTime(o.lastSuccess.at)})${id}`;
}

export function lastResultText(r: OverviewLastResult | null): string {
  if (!r) return 'No HotBackup has run yet';
  const name = r.id ? `HotBackup ${r.id}` : 'A HotBackup';
  if (r.result === 'Succeeded') return `${name} succeeded at ${formatDateTime(r.at)} (${r.trigger})`;
  const where = r.phase && r.result === 'Failed' ? ` in "${r.phase}"` : '';
  const what = r.result === 'Failed' ? 'failed' : 'was interrupted';
  return `${name} ${what} at ${formatDateTime(r.at)}${where}: ${r.cause ?? 'no reason was recorded'}`;
}

/** In the schedule's time zone, named: the browser's may be another one (a laptop abroad, a remote session). */
export function nextRunText(o: Pick<Overview, 'nextRun' | 'timeZone'>, locale?: string): string {
  return o.nextRun ? `${formatDateTimeWithDay(o.nextRun, { timeZone: o.timeZone, locale })} (${o.timeZone})` : 'None scheduled';
}

/** "40.0 GB free · the last backup took 1.2 GB (room for about 33)". */
export function spaceText(s: Overview['space']): string {
  if (s.freeBytes === null) return 'Unknown: the drive cannot be read';
  const free = `${formatBytes(s.freeBytes)} free`;
  if (s.expectedBytes === null || s.expectedBytes <= 0) return `${free} · the size of a backup is known after the first one`;
  const room = Math.floor(s.freeBytes / s.expectedBytes);
  if (s.basis === 'estimate') {
    const size = `${s.atLeast ? 'at least' : 'about'} ${formatBytes(s.expectedBytes)}`;
    return `${free} · the first backup will take ${size} (estimated from the data directories' files, before compression): ${room === 0 ? 'it may not fit' : 'it fits'}`;
  }
  return `${free} · the last backup took ${formatBytes(s.expectedBytes)} (${room === 0 ? 'no room for another' : room > 99 ? 'room for 99+ more' : `room for about ${room} more`})`;
}

export { formatDuration };
