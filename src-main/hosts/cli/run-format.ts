import type { LightUpdate, RunOutcome } from '../../../shared/run.js';
import type { ScheduleView } from '../../../shared/schedule.js';
import type { ScheduleDays } from '../../../shared/settings.js';
import { weekdayNames } from '../../../shared/settings.js';
import type { StatusSnapshot } from '../../../shared/status.js';
import { formatBytes } from '../../../shared/format.js';
import { overallPercent, phaseCounts, progressLine } from '../../../shared/progress-text.js';
import { logText } from '../../../shared/log-text.js';
import { CliError, EXIT } from './exit-codes.js';

const bytes = (n: number | null) => (n === null ? '-' : formatBytes(n));

/** One line per status/phase change of a run: `Pending — Locking Files`. */
export function formatStep(s: Pick<StatusSnapshot, 'status' | 'phase'>): string {
  return `${s.status}${s.phase ? ` — ${s.phase}` : ''}`;
}

/**
 * One terminal line for a running backup, worded as the console words it (shared/progress-text.ts):
 * `Saving — Streaming Files [#####---------------] 26% overall · This phase: 40 MB of 160 MB (25%), 5 of 20 files · 48.0 MB/s · about 12 s left`.
 */
export function formatProgressBar(s: Pick<StatusSnapshot, 'status' | 'phase' | 'run'>, width = 20): string {
  const p = s.run?.progress;
  if (!p) return formatStep(s);
  const filled = Math.round((Math.min(100, Math.max(0, p.percent)) / 100) * width);
  const line = progressLine(p, s.phase);
  return `${formatStep(s)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${overallPercent(p.percent)}${line ? ` · ${line}` : ''}`;
}

/** A phase's final counts for a log or pipe (one line per phase): `  This phase: 20 of 20 files (100%)`; '' when it counted nothing. */
export function formatPhaseEnd(s: Pick<StatusSnapshot, 'phase' | 'run'>): string {
  const p = s.run?.progress;
  const counts = p ? phaseCounts(p, s.phase) : '';
  return counts ? `  ${counts}` : '';
}

export function formatOutcome(o: RunOutcome): string {
  if (o.result === 'Succeeded') {
    const lines = [`HotBackup ${o.id} Succeeded: ${o.files ?? 0} files, ${bytes(o.bytes)}${o.backupPath ? ` in ${o.backupPath}` : ''}`];
    for (const w of o.warnings) lines.push(`Warning: ${w}`);
    return lines.map((l) => logText(l)).join('\n');
  }
  // A cause names folders and files: their control characters and line breaks are escaped (shared/log-text.ts).
  return logText(`HotBackup ${o.id ?? '(no ID)'} Failed${o.failedPhase ? ` in ${o.failedPhase}` : ''}: ${o.error ?? 'no reason given'}`);
}

export function formatLight(u: LightUpdate): string {
  if (u.state === 'waiting') return `waiting: ${formatStep(u)}`;
  if (u.state === 'go') return 'go: you can go on';
  return `failed: ${u.reason ?? 'the HotBackup failed'}`;
}

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
