import type { Settings, SettingsPatch } from '../../../shared/settings.js';
import { HotBackupError } from '../../../shared/result.js';
import { mergeOffsiteTargets } from './offsite-secrets-merge.js';

/**
 * Merge a partial update one level deep into the settings. The e-mail password arrives
 * in clear as `email.server.password` and is stored only sealed.
 */
export function mergeSettingsPatch(
  current: Settings,
  patch: SettingsPatch,
  sealSecret?: (plain: string) => string,
): Settings {
  const next: Settings = structuredClone(current);
  if (patch.folder) next.folder = { ...next.folder, ...patch.folder };
  if (patch.retention) next.retention = { ...next.retention, ...patch.retention };
  if (patch.dataDirectories) next.dataDirectories = patch.dataDirectories;
  if (patch.engine) next.engine = { ...next.engine, ...patch.engine };
  if (patch.schedule) next.schedule = { ...next.schedule, ...patch.schedule };
  if (patch.service) next.service = { ...next.service, ...patch.service };
  if (patch.alerts) next.alerts = { ...next.alerts, ...patch.alerts };
  if (patch.restore) next.restore = { ...next.restore, ...patch.restore };
  if (patch.offsite?.targets) next.offsite = { targets: mergeOffsiteTargets(current.offsite.targets, patch.offsite.targets, sealSecret) };
  if (patch.email) {
    if (patch.email.messages) next.email.messages = patch.email.messages;
    if (patch.email.server) {
      const { password, ...rest } = patch.email.server;
      next.email.server = { ...next.email.server, ...rest };
      if (password === null || password === '') next.email.server.passwordSealed = null;
      else if (typeof password === 'string') {
        if (!sealSecret) throw new HotBackupError('INTERNAL', 'Cannot store the e-mail password: no secret store is configured.');
        next.email.server.passwordSealed = sealSecret(password);
      }
    }
  }
  return next;
}
