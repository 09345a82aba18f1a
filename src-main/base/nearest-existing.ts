import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** The nearest folder that exists at or above `path` (a HotBackup folder, a restore folder or a work root is made when first used); the one walk up every free-space and same-drive check uses. */
export async function nearestExisting(path: string): Promise<{ dir: string; exact: boolean } | null> {
  let probe = resolve(path);
  for (;;) {
    const st = await stat(probe).catch(() => null);
    if (st?.isDirectory()) return { dir: probe, exact: probe === resolve(path) };
    const parent = dirname(probe);
    if (parent === probe) return null;
    probe = parent;
  }
}
