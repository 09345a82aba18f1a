import type { Handlers } from '../../../shared/contract.js';
import { toPublicSettings } from '../public-settings.js';
import type { DirectorServices } from '../services.js';
import { checkSettingsOnDisk } from '../settings-checks.js';

export const settingsHandlers = (d: DirectorServices): Pick<Handlers, 'settings.get' | 'settings.update'> => ({
  'settings.get': async () => toPublicSettings(d.settings.get()),
  'settings.update': async (patch) => {
    const saved = await d.settings.update(patch, checkSettingsOnDisk);
    const pub = toPublicSettings(saved);
    d.logger.info(`settings changed: ${Object.keys(patch).join(', ')}`);
    d.hub.broadcast('settings.changed', pub);
    return pub;
  },
});
