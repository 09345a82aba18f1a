import type { Handlers } from '../../../shared/contract.js';
import type { DirectorServices } from '../services.js';
import { browseHandlers } from './browse.js';
import { folderCheckHandlers } from './folder-check.js';
import { driveHandlers } from './drive.js';
import { historyHandlers } from './history.js';
import { aboutHandlers } from './about.js';
import { notifyHandlers } from './notify.js';
import { overviewHandlers } from './overview.js';
import { runHandlers } from './run.js';
import { scheduleHandlers } from './schedule.js';
import { settingsHandlers } from './settings.js';
import { excludeReportHandlers } from './exclude-report.js';
import { taskHandlers } from './tasks.js';
import { statusHandlers } from './status.js';
import { vaultBrowseHandlers } from './restore-wizard.js';
import { vaultHandlers } from './vault.js';
import { offsiteHandlers } from './offsite.js';
import { OffsiteService } from '../offsite/offsite-service.js';

/** Every request's handler. A request added to the contract without one here does not compile. */
export function createHandlers(d: DirectorServices, offsite = new OffsiteService(d)): Handlers {
  return {
    ...statusHandlers(d),
    ...overviewHandlers(d),
    ...aboutHandlers(d),
    ...settingsHandlers(d),
    ...excludeReportHandlers(d),
    ...folderCheckHandlers(d),
    ...driveHandlers(d),
    ...runHandlers(d),
    ...taskHandlers(d),
    ...scheduleHandlers(d),
    ...notifyHandlers(d),
    ...vaultBrowseHandlers(d),
    ...browseHandlers(d),
    ...vaultHandlers(d),
    ...historyHandlers(d),
    ...offsiteHandlers(d, offsite),
  };
}
