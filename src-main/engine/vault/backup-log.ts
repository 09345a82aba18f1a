import { lstat } from 'node:fs/promises';
import { NotOwnFileError, readOwnFile } from '../../base/no-follow.js';
import { join } from 'node:path';
import type { BackupRecord } from '../../../shared/vault.js';
import { writeFileAtomic } from '../../base/atomic-write.js';
import { BACKUP_LOG_NAME, formatBackupLog, parseBackupLog } from './backup-log-format.js';

export interface BackupLogRead {
  records: BackupRecord[];
  damaged: { line: string; reason: string }[];
  missing: boolean;
  /** Why BACKUP.LOG was not read although something has its name (a symbolic link, a folder): it is then rebuilt. */
  notOwn?: string;
}

export async function readBackupLog(hotBackupFolder: string): Promise<BackupLogRead> {
  let text: string;
  try {
    text = await readOwnFile(join(hotBackupFolder, BACKUP_LOG_NAME));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], damaged: [], missing: true };
    // Never followed: a planted link is replaced by a rebuilt log (the atomic write renames over the link).
    if (err instanceof NotOwnFileError) return { records: [], damaged: [], missing: true, notOwn: err.message };
    throw err;
  }
  return { ...parseBackupLog(text), missing: false };
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

/**
 * Write damaged BACKUP.LOG lines to `BACKUP.LOG.damaged-<time>` (UTC) and return that path. The copy
 * gets BACKUP.LOG's own permissions or narrower, never wider.
 */
export async function keepDamagedAside(hotBackupFolder: string, damaged: readonly { line: string }[], now: Date = new Date()): Promise<string> {
  const exists = (f: string) => lstat(f).then(() => true, () => false);
  let file = join(hotBackupFolder, `${BACKUP_LOG_NAME}.damaged-${stamp(now)}`);
  for (let n = 2; await exists(file); n++) file = join(hotBackupFolder, `${BACKUP_LOG_NAME}.damaged-${stamp(now)}-${n}`);
  const original = await lstat(join(hotBackupFolder, BACKUP_LOG_NAME)).catch(() => null);
  const mode = original?.isFile() ? original.mode & 0o644 : 0o600;
  await writeFileAtomic(file, damaged.map((d) => d.line).join('\n') + '\n', mode);
  return file;
}

export async function writeBackupLog(hotBackupFolder: string, records: readonly BackupRecord[]): Promise<void> {
  await writeFileAtomic(join(hotBackupFolder, BACKUP_LOG_NAME), formatBackupLog(records));
}

/**
 * Read, change and atomically rewrite BACKUP.LOG. Callers hold the folder lock, so
 * read-modify-write needs no further locking.
 */
export async function updateBackupLog(
  hotBackupFolder: string,
  mutate: (records: BackupRecord[]) => BackupRecord[],
): Promise<BackupRecord[]> {
  const { records, damaged } = await readBackupLog(hotBackupFolder);
  // A damaged line is never silently lost: it is kept aside before the rewrite leaves it out.
  if (damaged.length > 0) await keepDamagedAside(hotBackupFolder, damaged);
  const next = mutate(records);
  await writeBackupLog(hotBackupFolder, next);
  return next;
}

/** Insert or replace the record with the same ID. */
export const upsertRecord = (records: BackupRecord[], record: BackupRecord): BackupRecord[] => [
  ...records.filter((r) => r.id !== record.id),
  record,
];
