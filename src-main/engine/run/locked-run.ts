import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { localPathProblem } from '../../../shared/paths.js';
import type { HolderKind } from '../../base/owner-lock.js';
import { adoptFolder, decideDrive, folderState, readDriveRegistry, recordIssuedId } from '../vault/drive-identity.js';
import type { RunBackupOptions, RunBackupResult } from './run-types.js';
import { formatLocalIso } from '../../base/local-iso.js';
import { settleFailedRun, settleFolderRecord } from './run-ending.js';
import { RunError } from '../errors.js';
import { acquireFolderLock, FolderLockedError, type FolderLock } from '../vault/folder-lock.js';
import { HB_LOG_NAME } from '../vault/stored-hb-log.js';
import { markStaleRuns } from './recover-interrupted.js';

type RunFn<O extends RunBackupOptions> = (o: O) => Promise<RunBackupResult>;

const idle = { percent: 0, bytesDone: 0, bytesTotal: 0, filesDone: 0, filesTotal: 0, currentFile: null, etaSeconds: null };

const OWN_WAIT_MS = 30_000;
const OWN_POLL_MS = 100;

/**
 * Take the lock; when this same process holds it (a Vault delete in the Director), wait for
 * that short operation rather than failing the run. Another process's lock fails at once.
 */
async function acquireWaitingForOwnProcess(folder: string, purpose: string, clock: () => Date, holder: HolderKind, signal?: AbortSignal): Promise<FolderLock> {
  // A new folder is made first so that two runs creating it at once are serialized like any others.
  if (!localPathProblem(folder)) await mkdir(folder, { recursive: true }).catch(() => undefined);
  for (let waited = 0; ; waited += OWN_POLL_MS) {
    try {
      return await acquireFolderLock(folder, purpose, clock, holder);
    } catch (err) {
      if (!(err instanceof FolderLockedError) || err.holder.pid !== process.pid || waited >= OWN_WAIT_MS || signal?.aborted) throw err;
      await new Promise((r) => setTimeout(r, OWN_POLL_MS));
    }
  }
}

/**
 * A runBackup that holds the HotBackup folder's lock for the whole run, so two processes never
 * write backups into one folder at once (and crash recovery leaves a live run alone). A second
 * run gets a Failed result whose error names the holder. Holding the lock, no other run can be
 * active, so lines left In Progress are settled first. A folder that cannot be made is left
 * to the run (it fails with its own message).
 */
export function lockedRunBackup<O extends RunBackupOptions>(run: RunFn<O>, holder: HolderKind = 'process'): RunFn<O> {
  return async (o) => {
    const clock = o.clock ?? (() => new Date());
    const startedAt = formatLocalIso(clock());
    const failEarly = async (cause: unknown): Promise<RunBackupResult> => {
      const r = await settleFailedRun({ hotBackupFolder: o.hotBackupFolder, signal: o.signal, clock, logger: o.logger }, { failedPhase: 'Initializing', startedAt }, cause);
      o.onProgress?.({ status: 'Failed', phase: 'HotBackup Failed', progress: idle });
      return r;
    };
    // Before anything is made: is this the backup drive used before? (never re-create it elsewhere)
    let adopt: string | null = null;
    if (o.drive && !localPathProblem(o.hotBackupFolder)) {
      try {
        const registry = await readDriveRegistry(o.drive.registryFile);
        const verdict = decideDrive(o.hotBackupFolder, await folderState(o.hotBackupFolder), registry.folders[o.hotBackupFolder] ?? null, o.drive.allowRotation);
        if (verdict.kind === 'refuse') return failEarly(new RunError('io', 'IO_ERROR', verdict.message));
        adopt = verdict.kind === 'adopt' ? verdict.why : '';
        o = { ...o, reservedIds: [...(o.reservedIds ?? []), ...registry.issuedIds] };
      } catch (err) {
        // The drive registry in the config directory: a read error gets its file and cause in words (runErrorOf).
        return failEarly(err);
      }
    }
    let lock: FolderLock | null = null;
    try {
      lock = await acquireWaitingForOwnProcess(o.hotBackupFolder, `HotBackup run (${o.trigger}${o.user ? ` by ${o.user}` : ''})`, clock, holder, o.signal);
    } catch (err) {
      // A folder that cannot be made or written is the run's to report, with its own message.
      if (err instanceof FolderLockedError) return failEarly(err);
    }
    const issued: Promise<void>[] = [];
    try {
      if (lock && o.drive && adopt !== null) {
        const drive = o.drive;
        const folderId = await adoptFolder(o.hotBackupFolder, drive.registryFile, clock);
        if (adopt) o.logger?.info(`HotBackup folder ${o.hotBackupFolder}: ${adopt}; its identity is ${folderId}`);
        // Every ID this run takes is remembered, so no other drive or folder gets it again.
        const onFolder = o.onFolder;
        o = { ...o, onFolder: (id, path) => (issued.push(recordIssuedId(drive.registryFile, id).catch((e: Error) => o.logger?.warn(`backup ID ${id} not noted in ${drive.registryFile}: ${e.message}`))), onFolder?.(id, path)) };
      }
      if (lock) await markStaleRuns(o.hotBackupFolder, o.logger, clock).catch((err: Error) => o.logger?.warn(`settling runs left In Progress failed: ${err.message}`));
      const result = await run(o);
      await Promise.all(issued);
      // Holding the lock, make the failed run's BACKUP.LOG line say so if its process could not (drive full).
      if (result.result === 'Failed' && result.id) {
        await settleFolderRecord(o.hotBackupFolder, result).catch((err: Error) =>
          o.logger?.warn(`BACKUP.LOG could not record the failure of ${result.id} (${err.message}); ${join(result.backupPath ?? o.hotBackupFolder, HB_LOG_NAME)} has it, and the next run or start records it`),
        );
      }
      return result;
    } finally {
      await lock?.release();
    }
  };
}
