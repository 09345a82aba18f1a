import type { RunBackupOptions, RunBackupResult } from '../run/run-types.js';
import { formatLocalIso } from '../time/local-iso.js';
import { acquireFolderLock, type FolderLock } from './folder-lock.js';

type RunFn<O extends RunBackupOptions> = (o: O) => Promise<RunBackupResult>;

/**
 * A runBackup that holds the HotBackup folder's lock for the whole run, so two processes never
 * write backups into one folder at once (and crash recovery leaves a live run alone). A second
 * run gets a Failed result whose error names the holder. A folder that does not exist yet is
 * left to the run (it creates it, or fails with its own message).
 */
export function lockedRunBackup<O extends RunBackupOptions>(run: RunFn<O>): RunFn<O> {
  return async (o) => {
    const clock = o.clock ?? (() => new Date());
    let lock: FolderLock | null = null;
    try {
      lock = await acquireFolderLock(o.hotBackupFolder, `HotBackup run (${o.trigger}${o.user ? ` by ${o.user}` : ''})`, clock);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        const now = formatLocalIso(clock());
        o.onProgress?.({ status: 'Failed', phase: 'HotBackup Failed', progress: { percent: 0, bytesDone: 0, bytesTotal: 0, filesDone: 0, filesTotal: 0, currentFile: null, etaSeconds: null } });
        return { id: null, result: 'Failed', error: (err as Error).message, failedPhase: 'Initializing', files: null, bytes: null, startedAt: now, endedAt: now, backupPath: null, warnings: [] };
      }
    }
    try {
      return await run(o);
    } finally {
      await lock?.release();
    }
  };
}
