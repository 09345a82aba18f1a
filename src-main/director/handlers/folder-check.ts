import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Handlers } from '../../../shared/contract.js';
import { localPathProblem } from '../../../shared/paths.js';
import { freeBytes } from '../../engine/vault/disk-space.js';
import type { DirectorServices } from '../services.js';
import { hotBackupFolderProblem } from '../settings-checks.js';

/** The nearest folder that exists at or above `path` (a HotBackup folder is created at its first run). */
async function nearestExisting(path: string): Promise<{ dir: string; exact: boolean } | null> {
  let probe = resolve(path);
  for (;;) {
    const st = await stat(probe).catch(() => null);
    if (st?.isDirectory()) return { dir: probe, exact: probe === resolve(path) };
    const parent = dirname(probe);
    if (parent === probe) return null;
    probe = parent;
  }
}

export const folderCheckHandlers = (_d: DirectorServices): Pick<Handlers, 'folder.check'> => ({
  'folder.check': async ({ path }) => {
    const shape = localPathProblem(path);
    if (shape) return { path, problem: `"${path}" ${shape}`, freeBytes: null, exists: false };
    const problem = await hotBackupFolderProblem(path);
    const near = await nearestExisting(path);
    const free = near ? await freeBytes(near.dir).catch(() => null) : null;
    return { path, problem, freeBytes: free, exists: near?.exact ?? false };
  },
});
