// How the Progress view words numbers, times and runs. Pure and locale-independent, so it is table-tested.
import type { ActiveRun, LastRun, Phase, Progress } from '../../shared/status.js';

import { formatBytes, formatDuration } from '../../shared/format.js';
import { formatDateTime } from '../format/date-time.js';

export { formatBytes, formatDuration };

export const formatEta = (eta: number | null): string => (eta === null ? 'estimating time left…' : `about ${formatDuration(eta)} left`);

const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Bytes per second always in MB/s, one decimal ("0.4 MB/s", "48.0 MB/s"): easy to compare run to run. */
export const formatRate = (bytesPerSecond: number): string => `${(bytesPerSecond / (1024 * 1024)).toFixed(1)} MB/s`;

/**
 * "12 MB of 40 MB · 120 of 400 files in this phase · 3.2 MB/s · about 1 min left". Bytes are
 * counted per phase (they restart at each phase); the file count is the run's one count (files
 * and databases) in every phase that handles files; the rate, percent and time left cover the run.
 */
export function progressLine(p: Progress, phase: Phase | null = null): string {
  const counts: string[] = [];
  const noun = phase === 'Saving Files' ? 'databases' : 'files';
  if (p.bytesTotal > 0) counts.push(`${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}`);
  if (p.filesTotal > 0) counts.push(`${thousands(p.filesDone)} of ${thousands(p.filesTotal)} ${noun}`);
  else if (p.filesDone > 0) counts.push(`${thousands(p.filesDone)} files found`);
  const parts = counts.length ? [`${counts.join(' · ')} in this phase`] : [];
  if (p.bytesPerSecond !== null && p.bytesPerSecond !== undefined) parts.push(formatRate(p.bytesPerSecond));
  if (parts.length || p.etaSeconds !== null) parts.push(formatEta(p.etaSeconds));
  return parts.join(' · ');
}

/** A run's time in the console's one date format (see format/date-time.ts), with seconds. */
export const formatLocalTime = (iso: string): string => formatDateTime(iso, { seconds: true });

/** Who or what started the run in progress, in one line. */
export function describeTrigger(run: Pick<ActiveRun, 'trigger' | 'user' | 'task'>): string {
  const who = run.user ? ` by ${run.user}` : '';
  const task = run.task ? ` before "${run.task}"` : '';
  switch (run.trigger) {
    case 'On Demand':
      return `On Demand${who ? `, started${who}` : ''}`;
    case 'Requested':
      return `Requested${who}${task}`;
    default:
      return run.trigger;
  }
}

export interface LastRunSummary {
  tone: 'ok' | 'error';
  text: string;
}

/** The last run's result, shown while nothing runs. */
export function summarizeLastRun(last: LastRun): LastRunSummary {
  const name = last.id ? `HotBackup ${last.id}` : 'The last HotBackup';
  const took = Date.parse(last.endedAt) - Date.parse(last.startedAt);
  const duration = Number.isFinite(took) ? `, took ${formatDuration(took / 1000)}` : '';
  const when = formatLocalTime(last.endedAt);
  if (last.result === 'Succeeded') {
    const size = [last.files !== null ? `${thousands(last.files)} files` : null, last.bytes !== null ? formatBytes(last.bytes) : null]
      .filter(Boolean)
      .join(', ');
    return { tone: 'ok', text: `${name} succeeded at ${when} (${last.trigger}${size ? `, ${size}` : ''}${duration}).` };
  }
  const where = last.failedPhase ? ` in "${last.failedPhase}"` : '';
  return { tone: 'error', text: `${name} failed at ${when}${where}: ${last.error ?? 'no reason was recorded'}` };
}
