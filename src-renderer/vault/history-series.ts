import type { HistoryEntry } from '../../shared/history.js';
import type { BackupRecord } from '../../shared/vault.js';
import { durationSeconds } from './vault-rows.js';

/** One finished run as the chart draws it: a backup (BACKUP.LOG) or an attempt (run history). */
export type ChartRun = Pick<BackupRecord, 'started' | 'ended' | 'bytes'> & { id: string; result: string };

export interface HistorySeries {
  /** Start times, seconds since the epoch, oldest first. */
  x: number[];
  /** Size in `sizeUnit` (null when unknown, e.g. a run that failed early). */
  size: (number | null)[];
  sizeUnit: 'KB' | 'MB' | 'GB';
  /** Duration in seconds of every finished run. */
  seconds: (number | null)[];
  /** The duration again, only for failed runs: drawn as red marks. */
  failedSeconds: (number | null)[];
  ids: string[];
  runs: ChartRun[];
}

/**
 * The run history's attempts as chart runs: an attempt without a backup folder is named by
 * "no ID", an interrupted one counts as failed; missed slots are not runs.
 */
export function runsFromHistory(entries: readonly HistoryEntry[]): ChartRun[] {
  return entries
    .filter((e) => e.kind === 'attempt' && e.result !== 'In Progress')
    .map((e) => ({ id: e.id ?? `no ID (${e.key})`, started: e.startedAt, ended: e.endedAt ?? e.startedAt, bytes: e.bytes, result: e.result === 'Succeeded' ? 'Succeeded' : 'Failed' }));
}

/** The last `limit` finished runs, oldest first, as the chart's columns. */
export function historySeries(records: readonly ChartRun[], limit = 30): HistorySeries {
  const runs = records
    .filter((r) => r.result !== 'In Progress' && Number.isFinite(Date.parse(r.started)))
    .sort((a, b) => Date.parse(a.started) - Date.parse(b.started))
    .slice(-limit);
  // One unit for the whole axis, the largest that keeps the biggest run at 1 or more.
  const max = Math.max(0, ...runs.map((r) => r.bytes ?? 0));
  const [sizeUnit, div] = max >= 1024 ** 3 ? (['GB', 1024 ** 3] as const) : max >= 1024 ** 2 ? (['MB', 1024 ** 2] as const) : (['KB', 1024] as const);
  return {
    x: runs.map((r) => Date.parse(r.started) / 1000),
    size: runs.map((r) => (r.bytes === null ? null : r.bytes / div)),
    sizeUnit,
    seconds: runs.map((r) => durationSeconds(r)),
    failedSeconds: runs.map((r) => (r.result === 'Failed' ? (durationSeconds(r) ?? 0) : null)),
    ids: runs.map((r) => r.id),
    runs,
  };
}
