import type { Handlers } from '../../../shared/contract.js';
import { localPathProblem } from '../../../shared/paths.js';
import { freeBytes } from '../../base/free-space.js';
import { nearestExisting } from '../../base/nearest-existing.js';
import type { DirectorServices } from '../services.js';
import { hotBackupFolderProblem } from '../settings/settings-checks.js';

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
