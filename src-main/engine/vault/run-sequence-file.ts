import { join } from 'node:path';
import { fsyncDir } from '../../base/atomic-write.js';
import { createOwnFile, readOwnFile } from '../../base/no-follow.js';
import type { FolderOnDisk } from './backup-log-reconcile.js';

/**
 * The run's sequence number kept in its own backup folder (SEQUENCE, beside MANIFEST.json), made
 * with the folder: BACKUP.LOG rebuilt from the folders keeps the order the runs were made in, so a
 * backup dated in the future still never counts as newer than later ones. Absent in folders made
 * before it was written (they fall back to ID order, as before).
 */
export const SEQUENCE_NAME = 'SEQUENCE';
const SEQUENCE_FORMAT = 1;

export async function writeRunSequence(backupDir: string, seq: number): Promise<void> {
  await createOwnFile(join(backupDir, SEQUENCE_NAME), JSON.stringify({ format: SEQUENCE_FORMAT, seq }) + '\n');
  await fsyncDir(backupDir);
}

/** The sequence a backup folder records, or undefined (missing, unreadable, a link, or not a positive whole number). */
export async function readRunSequence(backupDir: string): Promise<number | undefined> {
  try {
    const v = (JSON.parse(await readOwnFile(join(backupDir, SEQUENCE_NAME))) as { seq?: unknown } | null)?.seq;
    return typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The highest sequence recorded in the given backup folders (0 when none records one). */
export async function highestSequenceOnDisk(hotBackupFolder: string, folders: readonly FolderOnDisk[]): Promise<number> {
  let max = 0;
  for (const f of folders) max = Math.max(max, (await readRunSequence(join(hotBackupFolder, f.folder, f.id))) ?? 0);
  return max;
}
