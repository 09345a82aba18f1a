// How the Progress view words numbers, times and runs. Pure and locale-independent, so it is table-tested.
import type { ActiveRun, LastRun } from '../../shared/status.js';
import { formatBytes, formatDuration } from '../../shared/format.js';
import { thousands } from '../../shared/progress-text.js';
import { formatDateTime } from '../format/date-time.js';

export { formatBytes, formatDuration };

export { formatEta, formatRate, overallPercent, progressLine } from '../../shared/progress-text.js';

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
