import { mkdir, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BackupRecord } from '../../../shared/vault.js';
import { fsyncDir } from '../../base/atomic-write.js';
import { assertOwnSubfolders } from '../../base/no-follow.js';
import { readBackupLog, updateBackupLog, upsertRecord } from '../vault/backup-log.js';
import { nextBackupId, takenBackupIds } from '../vault/backup-id.js';
import { nextSequence } from '../vault/run-order.js';
import { scanBackupFolders } from '../vault/backup-folders.js';
import { highestSequenceOnDisk, writeRunSequence } from '../vault/run-sequence-file.js';

/**
 * "Making Backup Folder": a new `Failed/<ID>` (every run starts there) with a fresh ID, and the
 * run's sequence number (one above every run BACKUP.LOG or a backup folder records: a BACKUP.LOG
 * that was lost must not hand out a number below the folders'; the caller holds the folder lock),
 * kept in the folder itself (SEQUENCE).
 */
export async function makeBackupFolder(hotBackupFolder: string, now: Date, reserved: readonly string[] = []): Promise<{ id: string; path: string; seq: number }> {
  const onDisk = await scanBackupFolders(hotBackupFolder);
  const seq = Math.max(nextSequence((await readBackupLog(hotBackupFolder)).records), (await highestSequenceOnDisk(hotBackupFolder, onDisk)) + 1);
  const taken = await takenBackupIds(hotBackupFolder);
  for (const id of reserved) taken.add(id);
  await assertOwnSubfolders(hotBackupFolder, ['Failed']);
  for (;;) {
    const id = nextBackupId(now, taken);
    const path = join(hotBackupFolder, 'Failed', id);
    try {
      await mkdir(path);
      await fsyncDir(dirname(path));
      await writeRunSequence(path, seq);
      return { id, path, seq };
    } catch (err) {
      // Someone made the same folder a moment ago: take the next number.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      taken.add(id);
    }
  }
}

export async function writeRunRecord(hotBackupFolder: string, record: BackupRecord): Promise<void> {
  await updateBackupLog(hotBackupFolder, (records) => upsertRecord(records, record));
}

/**
 * Commit: the folder's content is already fsynced; make the folder entry durable, move it
 * from Failed/ to Recent/, and fsync both parents so the move survives a power cut.
 */
export async function commitBackupFolder(hotBackupFolder: string, id: string): Promise<string> {
  const from = join(hotBackupFolder, 'Failed', id);
  const to = join(hotBackupFolder, 'Recent', id);
  await assertOwnSubfolders(hotBackupFolder, ['Recent', 'Failed']);
  await fsyncDir(from);
  await rename(from, to);
  await fsyncDir(join(hotBackupFolder, 'Recent'));
  await fsyncDir(join(hotBackupFolder, 'Failed'));
  return to;
}
