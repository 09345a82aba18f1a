import { join } from 'node:path';
import { HotBackupError } from '../../../shared/result.js';
import { NotOwnFileError } from '../../base/no-follow.js';
import { acquireOwnerLock, describeHolder, liveHolder, LockHeldError, type HolderKind, type LockHolder } from '../../base/owner-lock.js';

/** In the HotBackup folder; holds who is writing into it (a backup, a delete, crash recovery). */
export const FOLDER_LOCK_NAME = 'HOTBACKUP.LOCK';

export type FolderLockInfo = LockHolder;

export interface FolderLock {
  readonly file: string;
  readonly info: FolderLockInfo;
  release(): Promise<void>;
}

/** Thrown (code BUSY) when another live process holds the lock; the message names it. */
export class FolderLockedError extends HotBackupError {
  constructor(
    readonly holder: FolderLockInfo,
    hotBackupFolder: string,
  ) {
    super(
      'BUSY',
      `The HotBackup folder ${hotBackupFolder} is in use by ${describeHolder(holder)}: ${holder.purpose}. ` +
        `Wait for it to finish and try again.`,
    );
    this.name = 'FolderLockedError';
  }
}

/** Who holds the lock now, or null when nobody (a lock of a dead, zombie or replaced process counts as nobody). */
export async function folderLockHolder(hotBackupFolder: string): Promise<FolderLockInfo | null> {
  return liveHolder(join(hotBackupFolder, FOLDER_LOCK_NAME));
}

/**
 * One writer per HotBackup folder (see base/owner-lock.ts for how a dead holder is told from a
 * live one). A live holder — this process included — gets FolderLockedError.
 */
export async function acquireFolderLock(
  hotBackupFolder: string,
  purpose = 'HotBackup run',
  clock: () => Date = () => new Date(),
  holder: HolderKind = 'process',
): Promise<FolderLock> {
  try {
    return await acquireOwnerLock(join(hotBackupFolder, FOLDER_LOCK_NAME), { holder, purpose }, clock);
  } catch (err) {
    if (err instanceof LockHeldError) throw new FolderLockedError(err.holder, hotBackupFolder);
    if (err instanceof NotOwnFileError) throw new HotBackupError('IO_ERROR', `The HotBackup folder ${hotBackupFolder} cannot be locked: ${err.message}.`);
    throw err;
  }
}

/** Run `fn` holding the folder lock; always released. */
export async function withFolderLock<T>(hotBackupFolder: string, purpose: string, fn: () => Promise<T>): Promise<T> {
  const lock = await acquireFolderLock(hotBackupFolder, purpose);
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}
