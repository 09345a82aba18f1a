import { hostname } from 'node:os';
import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { HotBackupError } from '../../../shared/result.js';

/** In the HotBackup folder; holds who is writing into it (a backup, a delete, crash recovery). */
export const FOLDER_LOCK_NAME = 'HOTBACKUP.LOCK';

export interface FolderLockInfo {
  pid: number;
  host: string;
  since: string;
  purpose: string;
}

export interface FolderLock {
  readonly file: string;
  readonly info: FolderLockInfo;
  release(): Promise<void>;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Thrown (code BUSY) when another live process holds the lock; the message names it. */
export class FolderLockedError extends HotBackupError {
  constructor(
    readonly holder: FolderLockInfo,
    hotBackupFolder: string,
  ) {
    super(
      'BUSY',
      `The HotBackup folder ${hotBackupFolder} is in use by process ${holder.pid} on ${holder.host} ` +
        `(${holder.purpose}, since ${holder.since}). Wait for it to finish and try again; ` +
        `if that process no longer exists, delete ${join(hotBackupFolder, FOLDER_LOCK_NAME)}.`,
    );
    this.name = 'FolderLockedError';
  }
}

async function readHolder(file: string): Promise<FolderLockInfo | null> {
  try {
    const info = JSON.parse(await readFile(file, 'utf8')) as Partial<FolderLockInfo>;
    if (typeof info.pid !== 'number') return null;
    return { pid: info.pid, host: String(info.host ?? '?'), since: String(info.since ?? '?'), purpose: String(info.purpose ?? 'unknown') };
  } catch {
    return null;
  }
}

/** Who holds the lock now, or null when nobody (a stale lock of a dead process counts as nobody). */
export async function folderLockHolder(hotBackupFolder: string): Promise<FolderLockInfo | null> {
  const holder = await readHolder(join(hotBackupFolder, FOLDER_LOCK_NAME));
  if (!holder) return null;
  if (holder.host === hostname() && holder.pid !== process.pid && !processAlive(holder.pid)) return null;
  return holder;
}

/**
 * One writer per HotBackup folder. A lock left by a dead process on this machine (kill -9,
 * power cut) is taken over; a live holder — this process included — gets FolderLockedError.
 */
export async function acquireFolderLock(
  hotBackupFolder: string,
  purpose = 'HotBackup run',
  clock: () => Date = () => new Date(),
): Promise<FolderLock> {
  const file = join(hotBackupFolder, FOLDER_LOCK_NAME);
  for (let attempt = 0; attempt < 3; attempt++) {
    const info: FolderLockInfo = { pid: process.pid, host: hostname(), since: clock().toISOString(), purpose };
    try {
      const handle = await open(file, 'wx', 0o644);
      try {
        await handle.writeFile(JSON.stringify(info));
      } finally {
        await handle.close();
      }
      return {
        file,
        info,
        release: async () => {
          const now = await readHolder(file);
          if (now && now.pid === info.pid && now.since === info.since) await unlink(file).catch(() => undefined);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = await folderLockHolder(hotBackupFolder);
      if (holder) throw new FolderLockedError(holder, hotBackupFolder);
      // Stale: its process is gone. Remove it and try again (another taker may win the race).
      await unlink(file).catch(() => undefined);
    }
  }
  throw new HotBackupError('BUSY', `Could not take the lock ${file}: delete it if no HotBackup is running and try again.`);
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
