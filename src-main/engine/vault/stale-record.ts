import type { BackupRecord } from '../../../shared/vault.js';
import { backupPath } from './backup-folders.js';
import { freeBytes } from '../../base/free-space.js';
import { diskFullMessage, isDiskFullError } from './disk-space.js';
import { plannedBytes, readHbLog } from './stored-hb-log.js';

export const INTERRUPTED = 'interrupted';

/**
 * A BACKUP.LOG line left `In Progress` when no process is running it any more (killed, or its
 * process could not rewrite BACKUP.LOG on a full drive): what it really is. A folder that reached
 * Recent/ or Archive/ was committed after validation (Succeeded); one in Failed/ failed, with the
 * cause its HB.LOG records (`HB_FAILED`), else "interrupted".
 */
export async function settleStaleRecord(hotBackupFolder: string, r: BackupRecord): Promise<{ record: BackupRecord; interrupted: boolean }> {
  if (r.folder !== 'Failed') return { record: { ...r, result: 'Succeeded' }, interrupted: false };
  const log = (await readHbLog(backupPath(hotBackupFolder, r.folder, r.id)).catch(() => null)) ?? [];
  const lastTime = log.filter((e) => e.time !== '').at(-1)?.time ?? null;
  const failed = log.filter((e) => e.code === 'HB_FAILED').at(-1);
  // Logs written before the cause was worded in the run (older releases) may hold a raw ENOSPC.
  const error = !failed
    ? INTERRUPTED
    : isDiskFullError(failed.detail)
      ? diskFullMessage(hotBackupFolder, plannedBytes(log), await freeBytes(hotBackupFolder).catch(() => null))
      : failed.detail || INTERRUPTED;
  return { record: { ...r, result: 'Failed', ended: r.ended ?? lastTime, error }, interrupted: !failed };
}
