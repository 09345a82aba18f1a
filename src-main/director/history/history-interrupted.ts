import { HISTORY_FORMAT, type HistoryEntry } from '../../../shared/history.js';
import type { BackupRecord } from '../../../shared/vault.js';
import { readBackupLog } from '../../engine/index.js';
import { appendHistory, readHistory } from './history-store.js';

/**
 * A run's backup ID reaches the run history in a `folder` line written while the run goes on; a
 * process killed before that line was on disk (SIGKILL early in Streaming Files of a small backup)
 * left its attempt without an ID, shown as "-" for good. The next start settles the killed run in
 * BACKUP.LOG (recover-interrupted.ts); then the attempt that made it is found here and its ID
 * recorded, so history and Vault name the same backup.
 */

/**
 * Pure: the key of the attempt that made backup `record` in `folder`, when the history lacks its
 * ID; null when none is, or when it cannot be told for sure. The attempt is the newest one in that
 * folder begun at or before the backup's start (a run's begin line is written before its engine
 * starts): it must be Interrupted, without an ID, and have the same trigger and user.
 */
export function attemptOfBackup(entries: readonly HistoryEntry[], folder: string, record: Pick<BackupRecord, 'id' | 'trigger' | 'user' | 'started'>): string | null {
  if (entries.some((e) => e.id === record.id && e.hotBackupFolder === folder)) return null;
  const started = Date.parse(record.started);
  if (!Number.isFinite(started)) return null;
  let newest: HistoryEntry | null = null;
  for (const e of entries) {
    if (e.kind !== 'attempt' || e.hotBackupFolder !== folder) continue;
    const at = Date.parse(e.startedAt);
    if (!(at <= started)) continue;
    if (!newest || at >= Date.parse(newest.startedAt)) newest = e;
  }
  if (!newest || newest.result !== 'Interrupted' || newest.id !== null) return null;
  return newest.trigger === record.trigger && newest.user === record.user ? newest.key : null;
}

/** Record the IDs of `ids` (runs just settled as interrupted in `folder`) for the attempts that made them. Returns the keys named. */
export async function nameInterruptedAttempts(configDir: string, folder: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const [history, log] = await Promise.all([readHistory(configDir), readBackupLog(folder)]);
  const named: string[] = [];
  for (const id of ids) {
    const record = log.records.find((r) => r.id === id);
    const key = record ? attemptOfBackup(history.entries, folder, record) : null;
    if (!key) continue;
    await appendHistory(configDir, { v: HISTORY_FORMAT, type: 'folder', key, id });
    const e = history.entries.find((x) => x.key === key);
    if (e) e.id = id;
    named.push(key);
  }
  return named;
}
