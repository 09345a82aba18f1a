import type { EventHub } from './event-hub.js';
import type { Logger } from './logger.js';
import type { SecretBox } from './notify/secret-box.js';
import type { SettingsStore } from './settings-store.js';
import type { StatusTracker } from './status-tracker.js';

/** What handlers work with; built once by createDirector and handed to each handler group. */
export interface DirectorServices {
  configDir: string;
  settings: SettingsStore;
  hub: EventHub;
  status: StatusTracker;
  logger: Logger;
  clock: () => Date;
  platform: NodeJS.Platform;
  home: string;
  /** Seals and opens the e-mail password (safeStorage in the console, a key file headless). */
  secrets: SecretBox;
}
