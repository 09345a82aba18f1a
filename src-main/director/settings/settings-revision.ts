import { createHash } from 'node:crypto';
import type { Settings } from '../../../shared/settings.js';

/**
 * The settings' revision: a digest of their exact content. It is not stored in settings.json
 * (no format change) and survives restarts; two consoles holding the same content hold the
 * same revision, and any change anywhere (console, CLI, a hand edit) gives a new one.
 */
export function settingsRevision(settings: Settings): string {
  return createHash('sha256').update(JSON.stringify(settings)).digest('hex').slice(0, 16);
}
