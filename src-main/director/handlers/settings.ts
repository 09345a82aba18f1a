import type { Handlers } from '../../../shared/contract.js';
import { loadVault, nextRunDeletes } from '../../engine/index.js';
import { toPublicSettings } from '../settings/public-settings.js';
import type { DirectorServices } from '../services.js';
import { checkSettingsOnDisk } from '../settings/settings-checks.js';

export const settingsHandlers = (d: DirectorServices): Pick<Handlers, 'settings.get' | 'settings.update' | 'settings.retentionPreview'> => ({
  'settings.get': async () => toPublicSettings(d.settings.get()),
  'settings.retentionPreview': async (limits) => {
    const { records } = await loadVault(d.settings.get().folder.path, { logger: d.logger, clock: d.clock });
    const today = new Set(nextRunDeletes(records, d.settings.get().retention).map((x) => x.id));
    const deletes = nextRunDeletes(records, limits).map((x) => {
      const r = records.find((rec) => rec.id === x.id)!;
      return { id: x.id, folder: x.folder, started: r.started, result: r.result };
    });
    return { deletes, causedByChange: deletes.filter((x) => !today.has(x.id)).map((x) => x.id) };
  },
  'settings.update': async (patch) => {
    const saved = await d.settings.update(patch, (next, previous) => checkSettingsOnDisk(next, previous, d.configDir));
    const pub = toPublicSettings(saved);
    d.logger.info(`settings changed: ${Object.keys(patch).filter((k) => k !== 'baseRevision').join(', ')}`);
    d.hub.broadcast('settings.changed', pub);
    return pub;
  },
});
