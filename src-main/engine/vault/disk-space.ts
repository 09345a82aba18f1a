import { lstat } from 'node:fs/promises';
import { dirname, parse, resolve } from 'node:path';
import { formatBytes } from '../../../shared/format.js';
import { FREE_SPACE_MARGIN, freeBytes } from '../../base/free-space.js';
import { nearestExisting } from '../../base/nearest-existing.js';
import { isDiskFull, outOfSpaceMessage } from '../errors.js';

export { formatBytes };

/** The nearest folder at or above `path` that exists (a restore folder may not exist yet). */
const existingFolder = async (path: string): Promise<string> => (await nearestExisting(path))?.dir ?? parse(resolve(path)).root;

/** Where the drive holding `path` (or the nearest existing folder above it) is mounted. */
export async function driveOf(path: string): Promise<string> {
  let at = await existingFolder(path);
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
  const at = await existingFolder(folder);
  return restoreSpaceProblem(folder, await driveOf(at), neededBytes, await freeBytes(at));
}

/** A full drive as an error object (errors.ts's isDiskFull), or as the text of one (a run's result carries only its message). */
export function isDiskFullError(err: unknown): boolean {
  if (typeof err === 'string') return /\b(ENOSPC|EDQUOT)\b|no space left on device|disk quota exceeded/i.test(err);
  return isDiskFull(err) || (err instanceof Error && isDiskFullError(err.message));
}

/** Pure: the user-facing words for a run that filled the HotBackup folder's drive (the one wording, engine/errors.ts). */
export function diskFullMessage(folder: string, neededBytes: number | null, free: number | null): string {
  return outOfSpaceMessage(folder, neededBytes === null ? null : neededBytes + FREE_SPACE_MARGIN, free);
}
