import { access, readFile } from 'node:fs/promises';
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

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

/** Write damaged BACKUP.LOG lines to `BACKUP.LOG.damaged-<time>` (UTC) and return that path. */
export async function keepDamagedAside(hotBackupFolder: string, damaged: readonly { line: string }[], now: Date = new Date()): Promise<string> {
  let file = join(hotBackupFolder, `${BACKUP_LOG_NAME}.damaged-${stamp(now)}`);
  for (let n = 2; await access(file).then(() => true, () => false); n++) file = join(hotBackupFolder, `${BACKUP_LOG_NAME}.damaged-${stamp(now)}-${n}`);
  await writeFileAtomic(file, damaged.map((d) => d.line).join('\n') + '\n');
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
