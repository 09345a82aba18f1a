import { localPathProblem } from '../../../shared/paths.js';
import { HotBackupError } from '../../../shared/result.js';
import { adoptFolder, folderState, type AdoptStepHook } from './drive-identity.js';
import { withFolderLock } from './folder-lock.js';

/**
 * The admin's "use this drive": the drive now at the HotBackup folder becomes one of this office's
 * backup drives (`hotbackup drive adopt`, the console's "Use this drive", `drive.adopt`). The
 * folder must exist (a drive that is not mounted is never adopted as the system disk's empty
 * folder by accident) and is changed under its lock, like a run.
 */
export async function adoptDriveAt(folder: string, registryFile: string, clock: () => Date, onStep?: AdoptStepHook): Promise<string> {
  const shape = localPathProblem(folder);
  if (shape) throw new HotBackupError('BAD_INPUT', `The HotBackup folder "${folder}" ${shape}.`);
  if (!(await folderState(folder)).exists) {
    throw new HotBackupError('BAD_INPUT', `The HotBackup folder ${folder} does not exist: connect (mount) the backup drive and make the folder on it first, then use it.`);
  }
  return withFolderLock(folder, 'adopting a backup drive', async () => {
    await onStep?.('locked');
    return adoptFolder(folder, registryFile, clock, onStep);
  });
}
