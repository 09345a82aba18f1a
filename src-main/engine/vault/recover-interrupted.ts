import { stat } from 'node:fs/promises';
import type { BackupRecord } from '../../../shared/vault.js';
import { readBackupLog, writeBackupLog } from './backup-log.js';
import { backupPath } from './backup-folders.js';
import { acquireFolderLock, FolderLockedError } from './folder-lock.js';
import { diskFullMessage, freeBytes, isDiskFullError } from './disk-space.js';
import { hbLogAppender, plannedBytes, readHbLog } from './hb-log.js';
import { loadVault, type VaultLogger } from './vault-store.js';

export const INTERRUPTED = 'interrupted';

export interface Recovery {
  /** Runs marked Failed; their folders stay in Failed/. */
  interrupted: string[];
  /** Runs found committed in Recent/ or Archive/ whose line still said In Progress: marked Succeeded. */
  committed: string[];
  /** Why nothing was done, when nothing could be (folder missing, or another process is writing in it). */
  skipped: string | null;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/**
 * Mark every `In Progress` line Failed. Only for a caller holding the folder lock, when no run of
 * its own is active: then no line can be In Progress for real. The error is the one the run wrote
 * in its HB.LOG (`HB_FAILED`) when BACKUP.LOG could not take it (disk full), else "interrupted".
 */
export async function markStaleRuns(hotBackupFolder: string, logger?: VaultLogger, clock: () => Date = () => new Date()): Promise<Recovery> {
  // Stay light: without an In Progress line there is nothing to do, and repairs of a damaged
  // BACKUP.LOG are left to the next listing, which reports them to the admin.
  const quick = await readBackupLog(hotBackupFolder);
  if (!quick.records.some((r) => r.result === 'In Progress')) return { interrupted: [], committed: [], skipped: null };
  const state = await loadVault(hotBackupFolder, { locked: true, logger, clock });
  const interrupted: string[] = [];
  const committed: string[] = [];
  const next: BackupRecord[] = [];
  for (const r of state.records) {
    if (r.result !== 'In Progress') {
      next.push(r);
      continue;
    }
    const dir = backupPath(hotBackupFolder, r.folder, r.id);
    if (r.folder !== 'Failed') {
      // The rename to Recent/ happens only after validation: the run died between commit and log update.
      committed.push(r.id);
      next.push({ ...r, result: 'Succeeded' });
      logger?.warn(`backup ${r.id} was committed to ${r.folder}/ but its line said In Progress: marked Succeeded`);
      continue;
    }
    const log = (await readHbLog(dir).catch(() => null)) ?? [];
    const lastTime = log.filter((e) => e.time !== '').at(-1)?.time ?? null;
    const failed = log.filter((e) => e.code === 'HB_FAILED').at(-1);
    const error = !failed
      ? INTERRUPTED
      : isDiskFullError(failed.detail)
        ? diskFullMessage(hotBackupFolder, plannedBytes(log), await freeBytes(hotBackupFolder).catch(() => null))
        : failed.detail || INTERRUPTED;
    if (!failed) {
      await hbLogAppender(dir, clock)('HB_INTERRUPTED', 'the process running this backup ended before it finished (killed, crashed or power cut); marked Failed').catch(() => undefined);
    }
    interrupted.push(r.id);
    next.push({ ...r, result: 'Failed', ended: r.ended ?? lastTime, error });
    logger?.warn(`backup ${r.id} was left In Progress: marked Failed (${error}), kept in Failed/`);
  }
  await writeBackupLog(hotBackupFolder, next);
  return { interrupted, committed, skipped: null };
}

/**
 * At Director or CLI start: a run left `In Progress` by a process that died (kill -9, power cut)
 * is marked Failed with error "interrupted". Its folder stays in Failed/; Recent/ and Archive/
 * are not touched. Skips when another live process holds the folder (its run is real).
 */
export async function recoverInterrupted(hotBackupFolder: string, logger?: VaultLogger, clock: () => Date = () => new Date()): Promise<Recovery> {
  const none = (skipped: string): Recovery => ({ interrupted: [], committed: [], skipped });
  if (!(await exists(hotBackupFolder))) return none(`${hotBackupFolder} does not exist yet`);
  let lock;
  try {
    lock = await acquireFolderLock(hotBackupFolder, 'crash recovery', clock);
  } catch (err) {
    if (err instanceof FolderLockedError) {
      logger?.info(`crash recovery skipped: ${err.message}`);
      return none(err.message);
    }
    throw err;
  }
  try {
    return await markStaleRuns(hotBackupFolder, logger, clock);
  } finally {
    await lock.release();
  }
}
