import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackupRecord } from '../../../shared/vault.js';
import { assertOwnSubfolders } from '../../base/no-follow.js';
import { readBackupLog, writeBackupLog } from '../vault/backup-log.js';
import { sweepTrash } from '../retention/backup-removal.js';
import { backupPath } from '../vault/backup-folders.js';
import { acquireFolderLock, FolderLockedError } from '../vault/folder-lock.js';
import { hbLogAppender } from '../vault/stored-hb-log.js';
import { settleStaleRecord } from '../vault/stale-record.js';

/** The run's work folder inside `Failed/<ID>` (engine/run/run-phases.ts STAGING_NAME). */
const STAGING_DIR = '.staging';
import type { Logger } from '../../base/logger.js';
import { loadVault } from '../vault/vault-store.js';

export { INTERRUPTED } from '../vault/stale-record.js';

/**
 * Work files of runs that were killed or cancelled: `Failed/<ID>/.staging` (copies of databases and
 * big files). Only for a caller holding the folder lock with no run of its own active. Partial
 * volumes and the logs stay, as the folder's rules say.
 */
export async function removeLeftoverStaging(hotBackupFolder: string, logger?: Logger): Promise<string[]> {
  const removed: string[] = [];
  // A Failed/ that is a link to elsewhere is never entered: nothing outside is removed.
  if (!(await assertOwnSubfolders(hotBackupFolder, ['Failed']).then(() => true, () => false))) return removed;
  const names = await readdir(join(hotBackupFolder, 'Failed')).catch(() => [] as string[]);
  for (const id of names) {
    const staging = join(hotBackupFolder, 'Failed', id, STAGING_DIR);
    if (!(await exists(staging))) continue;
    await rm(staging, { recursive: true, force: true });
    removed.push(id);
    logger?.warn(`removed the work files (${STAGING_DIR}) left by run ${id}, which was killed or cancelled`);
  }
  return removed;
}

/** A temp file of an atomic write (base/atomic-write.ts) cut short: `.<name>.<12 hex>.tmp`. */
const ATOMIC_TEMP = /^\..+\.[0-9a-f]{12}\.tmp$/;

async function removeAtomicTemps(dir: string): Promise<number> {
  let n = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (!ATOMIC_TEMP.test(name)) continue;
    await rm(join(dir, name), { force: true });
    n++;
  }
  return n;
}

/**
 * Every work file a killed run or cleanup leaves: `.staging` folders, half-deleted backups
 * (`.deleting-<ID>`), temp files of atomic writes (BACKUP.LOG, MANIFEST.json) in the folder and in
 * each backup. Only for a caller holding the folder lock with no run of its own active.
 */
export async function removeLeftoverWorkFiles(hotBackupFolder: string, logger?: Logger): Promise<void> {
  await removeLeftoverStaging(hotBackupFolder, logger);
  await sweepTrash(hotBackupFolder);
  let temps = await removeAtomicTemps(hotBackupFolder);
  for (const sub of ['Recent', 'Archive', 'Failed']) {
    for (const id of await readdir(join(hotBackupFolder, sub)).catch(() => [] as string[])) temps += await removeAtomicTemps(join(hotBackupFolder, sub, id));
  }
  if (temps) logger?.warn(`removed ${temps} temp file(s) left by a HotBackup process that was killed mid-write`);
}

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
export async function markStaleRuns(hotBackupFolder: string, logger?: Logger, clock: () => Date = () => new Date()): Promise<Recovery> {
  // Stay light: without an In Progress line there is nothing to do, and repairs of a damaged
  // BACKUP.LOG are left to the next listing, which reports them to the admin.
  await removeLeftoverWorkFiles(hotBackupFolder, logger);
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
    const settled = await settleStaleRecord(hotBackupFolder, r);
    next.push(settled.record);
    if (r.folder !== 'Failed') {
      // The rename to Recent/ happens only after validation: the run died between commit and log update.
      committed.push(r.id);
      logger?.warn(`backup ${r.id} was committed to ${r.folder}/ but its line said In Progress: marked Succeeded`);
      continue;
    }
    if (settled.interrupted) {
      await hbLogAppender(dir, clock)('HB_INTERRUPTED', 'the process running this backup ended before it finished (killed, crashed or power cut); marked Failed').catch(() => undefined);
    }
    interrupted.push(r.id);
    logger?.warn(`backup ${r.id} was left In Progress: marked Failed (${settled.record.error}), kept in Failed/`);
  }
  await writeBackupLog(hotBackupFolder, next);
  return { interrupted, committed, skipped: null };
}

/**
 * At Director or CLI start: a run left `In Progress` by a process that died (kill -9, power cut)
 * is marked Failed with error "interrupted". Its folder stays in Failed/; Recent/ and Archive/
 * are not touched. Skips when another live process holds the folder (its run is real).
 */
export async function recoverInterrupted(hotBackupFolder: string, logger?: Logger, clock: () => Date = () => new Date()): Promise<Recovery> {
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
