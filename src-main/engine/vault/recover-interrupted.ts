import { stat } from 'node:fs/promises';
import type { BackupRecord } from '../../../shared/vault.js';
import { readBackupLog, writeBackupLog } from './backup-log.js';
import { backupPath } from './backup-folders.js';
import { acquireFolderLock, FolderLockedError } from './folder-lock.js';
import { hbLogAppender, readHbLog } from './hb-log.js';
import { loadVault, type VaultLogger } from './vault-store.js';

export const INTERRUPTED = 'interrupted';

export interface Recovery {
  /** Runs marked Failed ("interrupted"); their folders stay in Failed/. */
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
 * At Director or CLI start: a run left `In Progress` by a process that died (kill -9, power cut)
 * is marked Failed with error "interrupted". Its folder stays in Failed/; Recent/ and Archive/
 * are not touched. Skips when another live process holds the folder (its run is real).
 */
export async function recoverInterrupted(hotBackupFolder: string, logger?: VaultLogger, clock: () => Date = () => new Date()): Promise<Recovery> {
  const none = (skipped: string): Recovery => ({ interrupted: [], committed: [], skipped });
  if (!(await exists(hotBackupFolder))) return none(`${hotBackupFolder} does not exist yet`);
  // Start-up stays light: without an In Progress line there is nothing to recover, and repairs
  // of a damaged BACKUP.LOG are left to the next listing, which reports them to the admin.
  const quick = await readBackupLog(hotBackupFolder);
  if (!quick.records.some((r) => r.result === 'In Progress')) return { interrupted: [], committed: [], skipped: null };
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
      const log = await readHbLog(dir).catch(() => null);
      const lastTime = log?.filter((e) => e.time !== '').at(-1)?.time ?? null;
      await hbLogAppender(dir, clock)('HB_INTERRUPTED', 'the process running this backup ended before it finished (killed, crashed or power cut); marked Failed at the next start').catch(() => undefined);
      interrupted.push(r.id);
      next.push({ ...r, result: 'Failed', ended: r.ended ?? lastTime, error: INTERRUPTED });
      logger?.warn(`backup ${r.id} was left In Progress by a process that is gone: marked Failed (${INTERRUPTED}), kept in Failed/`);
    }
    if (interrupted.length > 0 || committed.length > 0) await writeBackupLog(hotBackupFolder, next);
    return { interrupted, committed, skipped: null };
  } finally {
    await lock.release();
  }
}
