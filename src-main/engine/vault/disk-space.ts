import { lstat, statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import { formatBytes } from '../../../shared/format.js';
import { outOfSpaceMessage } from '../errors.js';

/** Room kept free beyond the estimate: the manifest, logs and scripts also need space. */
export const FREE_SPACE_MARGIN = 16 * 1024 * 1024;

export { formatBytes };

/** Free bytes available to this user on the filesystem holding `folder`. */
export async function freeBytes(folder: string): Promise<number> {
  const s = await statfs(folder);
  return Number(s.bavail) * Number(s.bsize);
}

/** Pure: why `free` bytes are not enough for a backup of about `estimatedBytes`, or null. */
export function spaceProblem(folder: string, estimatedBytes: number, free: number): string | null {
  const needed = estimatedBytes + FREE_SPACE_MARGIN;
  if (free >= needed) return null;
  return (
    `the HotBackup folder ${folder} has ${formatBytes(free)} free, but this backup needs about ${formatBytes(needed)}. ` +
    'Free space on that drive, lower the Recent/Archive counts, or choose a HotBackup folder on a larger drive.'
  );
}

/** Check before a run starts: null when there is room for the plan's estimate. */
export async function freeSpaceProblem(folder: string, estimatedBytes: number): Promise<string | null> {
  return spaceProblem(folder, estimatedBytes, await freeBytes(folder));
}

/** The nearest folder at or above `path` that exists (a restore folder may not exist yet). */
async function nearestExisting(path: string): Promise<string> {
  for (let at = path; ; at = dirname(at)) {
    if (await lstat(at).then(() => true, () => false)) return at;
    if (dirname(at) === at) return at;
  }
}

/** Where the drive holding `path` (or the nearest existing folder above it) is mounted. */
export async function driveOf(path: string): Promise<string> {
  let at = await nearestExisting(path);
  const dev = (await lstat(at)).dev;
  for (let up = dirname(at); up !== at; at = up, up = dirname(at)) {
    if ((await lstat(up)).dev !== dev) break;
  }
  return at;
}

/** Pure: why a restore needing about `neededBytes` does not fit in the `free` bytes of the drive at `drive` holding `folder`, or null. */
export function restoreSpaceProblem(folder: string, drive: string, neededBytes: number, free: number): string | null {
  if (free >= neededBytes) return null;
  return (
    `the drive ${drive} (holding ${folder}) has ${formatBytes(free)} free, but the files chosen need about ${formatBytes(neededBytes)} there. ` +
    'Free space on that drive, restore fewer paths, or restore into a folder on a larger drive.'
  );
}

/** Check before a restore writes anything: null when the drive holding `folder` has room for `neededBytes`. */
export async function restoreRoomProblem(folder: string, neededBytes: number): Promise<string | null> {
  const at = await nearestExisting(folder);
  return restoreSpaceProblem(folder, await driveOf(at), neededBytes, await freeBytes(at));
}

/** ENOSPC/EDQUOT as an error object, or as the text of one (a run's result carries only its message). */
export function isDiskFullError(err: unknown): boolean {
  if (typeof err === 'string') return /\b(ENOSPC|EDQUOT)\b|no space left on device|disk quota exceeded/i.test(err);
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || (err instanceof Error && isDiskFullError(err.message));
}

/** Pure: the user-facing words for a run that filled the HotBackup folder's drive (the one wording, run/run-errors.ts). */
export function diskFullMessage(folder: string, neededBytes: number | null, free: number | null): string {
  return outOfSpaceMessage(folder, neededBytes === null ? null : neededBytes + FREE_SPACE_MARGIN, free);
}
