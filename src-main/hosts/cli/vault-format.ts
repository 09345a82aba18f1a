import { badEntryCount, type BackupDetail, type BackupRecord, type RestoreSummary, type VaultListing, type VaultProgress, type VerifyResult } from '../../../shared/vault.js';
import { formatBytes as formatSize } from '../../../shared/format.js';

// Plain-text views of the Vault for `hotbackup list | show | verify | restore`.

export const formatBytes = (n: number | null): string => (n === null ? '-' : formatSize(n));

export function formatDuration(started: string, ended: string | null): string {
  if (!ended) return '-';
  const ms = Date.parse(ended) - Date.parse(started);
  if (!Number.isFinite(ms) || ms < 0) return '-';
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

const shortTime = (iso: string) => iso.replace('T', ' ').replace(/\.\d+/, '').replace(/([+-]\d\d:\d\d|Z)$/, '');

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}

export function listRow(r: BackupRecord): string[] {
  return [
    r.id,
    r.folder,
    r.trigger || '-',
    shortTime(r.started) || '-',
    formatDuration(r.started, r.ended),
    r.result + (r.foundOnDisk ? ' (found on disk)' : ''),
    r.files === null ? '-' : String(r.files),
    formatBytes(r.bytes),
    r.user || '-',
    r.error,
  ];
}

export function formatListing(l: VaultListing): string {
  if (l.records.length === 0) return `No backups in ${l.hotBackupFolder} yet.`;
  const head = ['ID', 'FOLDER', 'TRIGGER', 'STARTED', 'DURATION', 'RESULT', 'FILES', 'BYTES', 'USER', 'ERROR'];
  const newestFirst = [...l.records].sort((a, b) => b.id.localeCompare(a.id));
  return table([head, ...newestFirst.map(listRow)]);
}

/** Repairs made while listing (damaged lines, rebuilt log): for stderr. */
export function formatRepairs(l: VaultListing): string[] {
  return l.messages.map((m) => `note: ${m}`);
}

export function formatDetail(d: BackupDetail): string {
  const r = d.record;
  const lines = [
    `HotBackup ${r.id}: ${r.result}${r.error ? ` — ${r.error}` : ''}`,
    `  Folder:   ${d.path}`,
    `  Trigger:  ${r.trigger || '-'}${r.user ? ` by ${r.user}` : ''}${r.task ? ` (${r.task})` : ''}`,
    `  Started:  ${r.started || '-'}`,
    `  Ended:    ${r.ended ?? '-'} (${formatDuration(r.started, r.ended)})`,
    `  Files:    ${r.files ?? '-'}, ${formatBytes(r.bytes)}`,
    `  Volumes:  ${d.volumes.length ? d.volumes.map((v) => `${v.name} (${formatBytes(v.size)})`).join(', ') : '-'}${d.compression ? `, ${d.compression}` : ''}`,
    '',
  ];
  if (!d.log) lines.push('HB.LOG: missing in this folder.');
  else {
    lines.push('HB.LOG:');
    const rows = d.log.map((e) => [`  ${shortTime(e.time)}`, e.code, e.detail]);
    if (rows.length) lines.push(table(rows));
  }
  return lines.join('\n');
}

const signatureLine = (v: VerifyResult): string =>
  v.signature === 'missing'
    ? '\nIt has no MANIFEST.sig (made before backups were signed, or by another installation): it restores into a new folder only.'
    : '';
const recordedLine = (v: VerifyResult): string =>
  v.notRecorded ? `The result could not be recorded in the backup's HB.LOG: ${v.notRecorded}.` : "The result is recorded in the backup's HB.LOG.";

export function formatVerify(v: VerifyResult): string {
  if (v.ok) return `Backup ${v.id} is intact: ${v.entriesChecked} entries in ${v.volumesChecked} volume(s) match MANIFEST.json.${signatureLine(v)}${v.notRecorded ? `\n${recordedLine(v)}` : ''}`;
  const lines = [`Backup ${v.id} is DAMAGED.`];
  for (const b of v.badVolumes) lines.push(`  volume ${b.name}: ${b.problem}`);
  const shown = v.badEntries.slice(0, 20);
  for (const e of shown) lines.push(`  entry ${e.path}: ${e.problem}${e.volume ? ` (in ${e.volume})` : ''}`);
  if (badEntryCount(v) > shown.length) lines.push(`  … and ${badEntryCount(v) - shown.length} more entries`);
  for (const p of v.problems.filter((p) => !/^BACKUP\.\d+: /.test(p) && !/ entries are bad, first: /.test(p))) lines.push(`  ${p}`);
  lines.push(`Checked ${v.entriesChecked} of ${v.entriesExpected} entries. ${recordedLine(v)}`);
  return lines.join('\n');
}

export function formatRestore(s: RestoreSummary): string {
  const notes = (s.notes ?? []).map((n) => `\nNote: ${n}.`).join('');
  const head = `Restored backup ${s.id} into ${s.to}: ${s.files} files, ${s.directories} folders, ${s.symlinks} links, ${formatBytes(s.bytes)}` + (s.skipped ? ` (${s.skipped} entries not selected)` : '') + '.' + notes;
  if (s.failed.length === 0) return head;
  const lines = s.failed.slice(0, 50).map((f) => `  ${f.path}: ${f.problem}`);
  if (s.failed.length > 50) lines.push(`  … and ${s.failed.length - 50} more (--json lists all)`);
  return [head, `NOT restored (${s.failed.length}; the backup is damaged there, "hotbackup verify ${s.id}" shows where):`, ...lines].join('\n');
}

export function formatProgress(p: VaultProgress): string {
  const pct = p.bytesTotal > 0 ? Math.min(100, Math.floor((p.bytesDone / p.bytesTotal) * 100)) : 100;
  return `${p.step} ${String(pct).padStart(3)}%${p.current ? `  ${p.current}` : ''}`;
}
