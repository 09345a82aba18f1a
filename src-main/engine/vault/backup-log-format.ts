import { BackupRecord, BackupResult, BackupFolderName } from '../../../shared/vault.js';

/**
 * BACKUP.LOG: one line per backup present in Recent/, Archive/ and Failed/.
 *   ID|Trigger|Started|Ended|Result|Folder|User|Task|Files|Bytes|Error|Seq|
 * Line format 2 adds Seq (the run's sequence number, see BackupRecord.seq); format 1 lines (11
 * fields, written before it, and lines of backups that have none) are still read. Times are ISO-8601 local time with offset; empty fields are empty. A `|` or a line
 * break inside a field is written as `\p` / `\n` (and `\` as `\\`) so a line always splits cleanly.
 */
export const BACKUP_LOG_NAME = 'BACKUP.LOG';
/** Fields of a format 1 line; format 2 adds Seq. */
const FIELD_COUNT = 11;

function escapeField(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\|/g, '\\p').replace(/\r?\n/g, '\\n');
}

function unescapeField(value: string): string {
  return value.replace(/\\(\\|p|n)/g, (_, c: string) => (c === 'p' ? '|' : c === 'n' ? '\n' : '\\'));
}

export function formatBackupLine(r: BackupRecord): string {
  const fields = [
    r.id,
    r.trigger,
    r.started,
    r.ended ?? '',
    r.result,
    r.folder,
    r.user,
    r.task,
    r.files === null ? '' : String(r.files),
    r.bytes === null ? '' : String(r.bytes),
    r.error,
    ...(r.seq === undefined ? [] : [String(r.seq)]),
  ];
  return fields.map(escapeField).join('|') + '|';
}

export type ParsedLine = { ok: true; record: BackupRecord } | { ok: false; line: string; reason: string };

export function parseBackupLine(line: string): ParsedLine {
  const trimmed = line.replace(/\r$/, '');
  if (!trimmed.endsWith('|')) return { ok: false, line, reason: 'line does not end with |' };
  const fields = trimmed.slice(0, -1).split('|').map(unescapeField);
  if (fields.length !== FIELD_COUNT && fields.length !== FIELD_COUNT + 1) {
    return { ok: false, line, reason: `expected ${FIELD_COUNT} or ${FIELD_COUNT + 1} fields, found ${fields.length}` };
  }
  const [id, trigger, started, ended, result, folder, user, task, files, bytes, error, seq] = fields as [
    string, string, string, string, string, string, string, string, string, string, string, string | undefined,
  ];
  const num = (s: string) => (s === '' ? null : Number(s));
  const parsed = BackupRecord.safeParse({
    id,
    trigger,
    started,
    ended: ended === '' ? null : ended,
    result: BackupResult.safeParse(result).success ? result : undefined,
    folder: BackupFolderName.safeParse(folder).success ? folder : undefined,
    user,
    task,
    files: num(files),
    bytes: num(bytes),
    error,
    foundOnDisk: false,
    ...(seq === undefined ? {} : { seq: seq === '' ? undefined : Number(seq) }),
  });
  if (!parsed.success) {
    return { ok: false, line, reason: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
  }
  return { ok: true, record: parsed.data };
}

/** Parse a whole BACKUP.LOG text; damaged lines are returned apart, never dropped silently. */
export function parseBackupLog(text: string): { records: BackupRecord[]; damaged: { line: string; reason: string }[] } {
  const records: BackupRecord[] = [];
  const damaged: { line: string; reason: string }[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const p = parseBackupLine(line);
    if (p.ok) records.push(p.record);
    else damaged.push({ line: p.line, reason: p.reason });
  }
  return { records, damaged };
}

export function formatBackupLog(records: readonly BackupRecord[]): string {
  const sorted = [...records].sort((a, b) => a.id.localeCompare(b.id));
  return sorted.map(formatBackupLine).join('\n') + (sorted.length ? '\n' : '');
}
