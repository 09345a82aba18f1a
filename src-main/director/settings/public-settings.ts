import type { PublicSettings, Settings } from '../../../shared/settings.js';
import { settingsRevision } from './settings-revision.js';

/** What leaves the Director: the sealed password becomes "set" / "not set"; the revision names the content. */
export function toPublicSettings(settings: Settings): PublicSettings {
  const { passwordSealed, ...server } = settings.email.server;
  return {
    ...settings,
    email: { ...settings.email, server: { ...server, passwordSet: passwordSealed !== null } },
    offsite: { targets: settings.offsite.targets.map(({ secretsSealed, ...t }) => ({ ...t, secretsSet: Object.keys(secretsSealed).sort() })) },
    revision: settingsRevision(settings),
  };
}
