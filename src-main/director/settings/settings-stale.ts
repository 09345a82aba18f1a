import { HotBackupError } from '../../../shared/result.js';
import { settingsDifferences, staleSaveMessage } from '../../../shared/settings-diff.js';
import type { Settings } from '../../../shared/settings.js';
import { settingsRevision } from './settings-revision.js';

/**
 * A save whose form was filled from an older revision would silently undo what another
 * console saved since: refuse it (CONFLICT), naming what changed when that revision is known.
 */
export function refuseStaleSave(baseRevision: string, current: Settings, seen: ReadonlyMap<string, Settings>): void {
  if (baseRevision === settingsRevision(current)) return;
  const base = seen.get(baseRevision);
  throw new HotBackupError('CONFLICT', staleSaveMessage(base ? settingsDifferences(base, current) : null));
}
