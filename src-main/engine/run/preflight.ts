import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { HotBackupError } from '../../../shared/result.js';
import { describeIssues, EngineSettings, type DataDirectory } from '../../../shared/settings.js';
import { localPathProblem } from '../../../shared/paths.js';
import { FREE_SPACE_MARGIN, freeBytes } from '../../base/free-space.js';
import { assertOwnSubfolders, NotOwnFileError } from '../../base/no-follow.js';
import { probeHotBackupFolder } from '../fs/folder-probe.js';
import { BACKUP_SUBFOLDERS } from '../vault/backup-id.js';
import { DiskFullError, errnoWords, isDiskFull } from '../errors.js';

/** "Initializing": the settings are valid and the HotBackup folder is there and writable. */
export async function checkRunInput(hotBackupFolder: string, dataDirectories: readonly DataDirectory[], settings: unknown, signal?: AbortSignal): Promise<EngineSettings> {
  const parsed = checkRunSettings(hotBackupFolder, dataDirectories, settings);
  await checkHotBackupFolder(hotBackupFolder, signal);
  return parsed;
}

/** The part of `checkRunInput` that touches no drive: the settings and the paths (throws in words). */
export function checkRunSettings(hotBackupFolder: string, dataDirectories: readonly DataDirectory[], settings: unknown): EngineSettings {
  const parsed = EngineSettings.safeParse(settings);
  if (!parsed.success) throw new HotBackupError('BAD_INPUT', `Engine settings are not valid: ${describeIssues(parsed.error)}`);
  const folderProblem = localPathProblem(hotBackupFolder);
  if (folderProblem) throw new HotBackupError('BAD_INPUT', `HotBackup folder "${hotBackupFolder}" ${folderProblem}`);
  if (dataDirectories.length === 0) throw new HotBackupError('BAD_INPUT', 'No data directory is set: add at least one in Data Directories.');
  for (const d of dataDirectories) {
    const p = localPathProblem(d.path);
    if (p) throw new HotBackupError('BAD_INPUT', `Data directory "${d.path}" ${p}`);
  }
  return parsed.data;
}

/** The part of `checkRunInput` that asks the drive: the HotBackup folder is there, our own and writable. */
export async function checkHotBackupFolder(hotBackupFolder: string, signal?: AbortSignal): Promise<void> {
  // Off this thread and with a time limit: a hung drive or a pseudo-filesystem fails the run here, in words.
  const probe = await probeHotBackupFolder(hotBackupFolder, { create: true, signal });
  signal?.throwIfAborted();
  if (!probe.ok && probe.kind !== 'error') throw new HotBackupError('IO_ERROR', probe.message);
  try {
    // access first: a recursive mkdir on a read-only drive says ENOENT ("it no longer exists").
    await access(hotBackupFolder, constants.W_OK);
    for (const sub of BACKUP_SUBFOLDERS) await mkdir(join(hotBackupFolder, sub), { recursive: true });
    await assertOwnSubfolders(hotBackupFolder);
  } catch (err) {
    if (err instanceof NotOwnFileError) throw new HotBackupError('BAD_INPUT', `The HotBackup folder "${hotBackupFolder}" cannot be used: ${err.message}.`);
    if (isDiskFull(err)) throw new DiskFullError(hotBackupFolder, null, await freeBytesOf(hotBackupFolder));
    // The folder could not be made: the probe's answer names why (a read-only drive, no permission).
    const gone = (err as NodeJS.ErrnoException).code === 'ENOENT';
    if (gone && !probe.ok && probe.code && !['ENOENT', 'ENOSPC', 'EDQUOT'].includes(probe.code)) throw new HotBackupError('IO_ERROR', probe.message);
    throw new HotBackupError(
      'IO_ERROR',
      `Cannot write to the HotBackup folder "${hotBackupFolder}" (${errnoWords(err)}). Check that the drive is present and writable, or choose another folder.`,
    );
  }
  // The folder is there and says it is writable, yet the probe file could not be written (a full
  // drive is left to the free-space check, which says how much the run needs).
  if (!probe.ok && probe.code !== 'ENOSPC' && probe.code !== 'EDQUOT') throw new HotBackupError('IO_ERROR', probe.message);
}

/** Room for the volumes (at most the data plus tar overhead) and the staged copies, which exist together for a while. */
export function spaceNeeded(totalBytes: number, stagedBytes: number, entries: number): number {
  return totalBytes + stagedBytes + entries * 1536 + FREE_SPACE_MARGIN;
}

const freeBytesOf = (folder: string): Promise<number | null> => freeBytes(folder).catch(() => null);

/** Before the backup folder is made: the same "ran out of space" as a drive filling mid-run. */
export async function checkFreeSpace(hotBackupFolder: string, needed: number): Promise<void> {
  const free = await freeBytesOf(hotBackupFolder);
  if (free !== null && free < needed) throw new DiskFullError(hotBackupFolder, needed, free);
}
