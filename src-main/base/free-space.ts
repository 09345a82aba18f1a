import { statfs } from 'node:fs/promises';

/** Room kept free beyond the estimate: the manifest, logs and scripts also need space. */
export const FREE_SPACE_MARGIN = 16 * 1024 * 1024;

/** Free bytes available to this user on the filesystem holding `folder`. */
export async function freeBytes(folder: string): Promise<number> {
  const s = await statfs(folder);
  return Number(s.bavail) * Number(s.bsize);
}
