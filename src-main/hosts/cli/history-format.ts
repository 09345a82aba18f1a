import { skippedTotal, type HistoryEntry, type HistoryListing } from '../../../shared/history.js';
import { logText } from '../../../shared/log-text.js';
import { formatBytes, formatDuration } from './vault-format.js';

// Plain-text view of the run history for `hotbackup history`.

const shortTime = (iso: string) => iso.replace('T', ' ').replace(/\.\d+/, '').replace(/([+-]\d\d:\d\d|Z)$/, '');

export function historyRow(e: HistoryEntry): string[] {
  const skipped = skippedTotal(e.skipped);
  return [
    shortTime(e.startedAt),
    e.trigger || '-',
    e.user || '-',
    e.result,
    e.id ?? '-',
    e.phase ?? '-',
    formatDuration(e.startedAt, e.endedAt),
    e.files === null ? '-' : String(e.files),
    formatBytes(e.bytes),
    e.skipped ? String(skipped) : '-',
    e.cause ?? '',
  ];
}

export function formatHistory(l: HistoryListing): string {
  if (l.entries.length === 0) return `No HotBackup attempts recorded yet (${l.file}).`;
  // One line an attempt: a cause naming a folder with a line break or ESC in its name is escaped (shared/log-text.ts).
  const rows = [['STARTED', 'TRIGGER', 'USER', 'RESULT', 'ID', 'ENDED IN', 'DURATION', 'FILES', 'BYTES', 'SKIPPED', 'CAUSE'], ...l.entries.map((e) => historyRow(e).map((c) => logText(c)))];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}
