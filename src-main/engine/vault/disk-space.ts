import { statfs } from 'node:fs/promises';
import { formatBytes } from '../../../shared/format.js';
import { outOfSpaceMessage } from '../run/run-errors.js';

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
