import type { BackupFolderName, BackupRecord, BackupResult } from '../../shared/vault.js';
import { formatBytes as formatSize, formatDuration as formatSeconds } from '../../shared/format.js';
import { formatDateTime } from '../format/date-time.js';

// Pure decisions of the Vault table: filtering, sorting, the numbers shown, and which
// backups a delete removes (the failed-deletion rule of DESIGN §6, as the Director applies it).

export type VaultColumn = 'id' | 'folder' | 'trigger' | 'started' | 'duration' | 'result' | 'files' | 'bytes' | 'user' | 'error';

export interface VaultFilter {
  folder: BackupFolderName | 'all';
  result: BackupResult | 'all';
  /** Local dates `YYYY-MM-DD`, inclusive; null = open. */
  from: string | null;
  to: string | null;
}
export const noFilter: VaultFilter = { folder: 'all', result: 'all', from: null, to: null };

/** Seconds from start to end, or null while a run is in progress or its end is unknown. */
export function durationSeconds(r: Pick<BackupRecord, 'started' | 'ended'>): number | null {
  if (!r.ended) return null;
  const ms = Date.parse(r.ended) - Date.parse(r.started);
  return Number.isFinite(ms) && ms >= 0 ? ms / 1000 : null;
}

/** The backup's own local date (the ISO time carries its offset, so no time-zone conversion). */
export const localDate = (iso: string) => iso.slice(0, 10);

export function filterRecords(records: readonly BackupRecord[], f: VaultFilter): BackupRecord[] {
  return records.filter(
    (r) =>
      (f.folder === 'all' || r.folder === f.folder) &&
      (f.result === 'all' || r.result === f.result) &&
      (f.from === null || localDate(r.started) >= f.from) &&
      (f.to === null || localDate(r.started) <= f.to),
  );
}

function sortValue(r: BackupRecord, column: VaultColumn): string | number | null {
  switch (column) {
    case 'duration':
      return durationSeconds(r);
    case 'started':
      return Date.parse(r.started);
    case 'files':
    case 'bytes':
      return r[column];
    default:
      return r[column].toLowerCase();
  }
}

/** Sorted copy; empty values go last in either direction, ties fall back to the ID (newest first). */
export function sortRecords(records: readonly BackupRecord[], column: VaultColumn, direction: 'ascending' | 'descending'): BackupRecord[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...records].sort((a, b) => {
    const x = sortValue(a, column);
    const y = sortValue(b, column);
    if (x === null || y === null) {
      if (x !== y) return x === null ? 1 : -1;
    } else if (x !== y) {
      return (x < y ? -1 : 1) * sign;
    }
    return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
  });
}

export const formatBytes = (n: number | null): string => (n === null ? '—' : formatSize(n));

export const formatDuration = (seconds: number | null): string => (seconds === null ? '—' : formatSeconds(Math.max(1, seconds)));

/** `2026-11-26 14:05:09` from the record's ISO local time (shown as the Director's local time). */
/** A backup's time in the console's one date format (see format/date-time.ts). */
export const formatTime = (iso: string | null, seconds = false) => formatDateTime(iso, { seconds });

export interface PlannedDelete {
  record: BackupRecord;
  reason: string;
}

/**
 * What deleting `ids` removes: the chosen backups, plus every failed backup older than a
 * chosen successful one (the Director's rule: Failed folder, result Failed, smaller ID).
 */
export function planDelete(records: readonly BackupRecord[], ids: readonly string[]): PlannedDelete[] {
  const chosen = records.filter((r) => ids.includes(r.id));
  const out: PlannedDelete[] = chosen.map((record) => ({ record, reason: 'chosen' }));
  const seen = new Set(chosen.map((r) => r.id));
  for (const s of chosen.filter((r) => r.result === 'Succeeded')) {
    for (const f of records) {
      if (f.folder === 'Failed' && f.result === 'Failed' && f.id < s.id && !seen.has(f.id)) {
        seen.add(f.id);
        out.push({ record: f, reason: `failed backup older than ${s.id}` });
      }
    }
  }
  return out;
}
