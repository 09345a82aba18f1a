import { lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BACKUP_ID_PATTERN, BackupFolderName, type BackupRecord } from '../../../shared/vault.js';
import { assertOwnSubfolders } from '../../base/no-follow.js';
import { writeBackupLog } from '../vault/backup-log.js';
import { backupPath, BACKUP_FOLDER_NAMES } from '../vault/backup-folders.js';
import type { HbLogAppender } from '../vault/stored-hb-log.js';
import { recordsAfter, type RetentionPlan } from './retention-decision.js';
import type { Logger } from '../../base/logger.js';

const TRASH_PREFIX = '.deleting-';

/** Refuse anything but `<HotBackup folder>/<Recent|Archive|Failed>/<YYMMDDNN>`: nothing outside is ever removed. */
function checkedBackupPath(hotBackupFolder: string, folder: string, id: string): string {
  if (!BackupFolderName.safeParse(folder).success || !BACKUP_ID_PATTERN.test(id)) {
    throw new Error(`refusing to remove "${folder}/${id}": not a backup folder of ${hotBackupFolder}`);
  }
  return backupPath(hotBackupFolder, folder as BackupFolderName, id);
}

/**
 * Carry out moves and deletes, crash-safely: folders are first renamed (to Archive/, or to a
 * hidden `.deleting-<ID>` name), then BACKUP.LOG is rewritten atomically, then the trash is removed.
 * A crash at any point leaves every good backup either where it was or where it was going.
 * The caller holds the folder lock.
 */
export async function carryOut(
  hotBackupFolder: string,
  records: readonly BackupRecord[],
  plan: RetentionPlan,
  log?: HbLogAppender,
  logger?: Logger,
): Promise<BackupRecord[]> {
  const trash: string[] = [];
  // Recent/, Archive/ or Failed/ a link to elsewhere: nothing is moved or removed through it.
  await assertOwnSubfolders(hotBackupFolder);
  for (const m of plan.moves) {
    const from = checkedBackupPath(hotBackupFolder, m.from, m.id);
    const to = checkedBackupPath(hotBackupFolder, m.to, m.id);
    await mkdir(join(hotBackupFolder, m.to), { recursive: true });
    await log?.('HB_MOVING_BACKUP', `${m.id} ${m.from} -> ${m.to}`);
    await rename(from, to);
    logger?.info(`moved backup ${m.id} from ${m.from}/ to ${m.to}/`);
  }
  for (const d of plan.deletes) {
    const path = checkedBackupPath(hotBackupFolder, d.folder, d.id);
    await log?.('HB_DELETING_BACKUP', d.id);
    const bin = join(hotBackupFolder, d.folder, `${TRASH_PREFIX}${d.id}`);
    try {
      await rename(path, bin);
      trash.push(bin);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    logger?.info(`deleting backup ${d.id} from ${d.folder}/ (${d.reason})`);
  }
  const next = recordsAfter(records, plan);
  await writeBackupLog(hotBackupFolder, next);
  for (const bin of trash) await rm(bin, { recursive: true, force: true });
  await sweepTrash(hotBackupFolder);
  return next;
}

/** Remove `.deleting-*` folders a crash left behind (their lines are already gone from BACKUP.LOG). */
export async function sweepTrash(hotBackupFolder: string): Promise<void> {
  for (const folder of BACKUP_FOLDER_NAMES) {
    let names: string[];
    try {
      await assertOwnSubfolders(hotBackupFolder, [folder]);
      names = await readdir(join(hotBackupFolder, folder));
    } catch {
      continue;
    }
    for (const name of names) {
      if (!name.startsWith(TRASH_PREFIX) || !BACKUP_ID_PATTERN.test(name.slice(TRASH_PREFIX.length))) continue;
      const path = join(hotBackupFolder, folder, name);
      if ((await lstat(path)).isDirectory()) await rm(path, { recursive: true, force: true });
    }
  }
}
