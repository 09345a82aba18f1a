import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackupRecord } from '../../../shared/vault.js';
import { writeFileAtomic } from '../fs/atomic-write.js';
import { BACKUP_LOG_NAME, formatBackupLog, parseBackupLog } from './backup-log-format.js';

export interface BackupLogRead {
  records: BackupRecord[];
  damaged: { line: string; reason: string }[];
  missing: boolean;
}

export async function readBackupLog(hotBackupFolder: string): Promise<BackupLogRead> {
  let text: string;
  try {
    text = await readFile(join(hotBackupFolder, BACKUP_LOG_NAME), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], damaged: [], missing: true };
    throw err;
  }
  return { ...parseBackupLog(text), missing: false };
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
  const { records } = await readBackupLog(hotBackupFolder);
  const next = mutate(records);
  await writeBackupLog(hotBackupFolder, next);
  return next;
}

/** Insert or replace the record with the same ID. */
export const upsertRecord = (records: BackupRecord[], record: BackupRecord): BackupRecord[] => [
  ...records.filter((r) => r.id !== record.id),
  record,
];
