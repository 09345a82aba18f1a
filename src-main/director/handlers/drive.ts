import { join } from 'node:path';
import type { Handlers } from '../../../shared/contract.js';
import { adoptDriveAt, DRIVE_REGISTRY_NAME } from '../../engine/index.js';
import type { DirectorServices } from '../services.js';

export const driveHandlers = (d: DirectorServices): Pick<Handlers, 'drive.adopt'> => ({
  'drive.adopt': async (_input, ctx) => {
    const folder = d.settings.get().folder.path;
    const folderId = await adoptDriveAt(folder, join(d.configDir, DRIVE_REGISTRY_NAME), d.clock);
    d.logger.info(`HotBackup folder ${folder}: adopted as a backup drive by ${ctx.identity.name} (identity ${folderId})`);
    return { folder, folderId };
  },
});
