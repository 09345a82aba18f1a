import type { DownloadTickets } from './access/download-tickets.js';
import type { EventHub } from './event-hub.js';
import type { Logger } from '../base/logger.js';
import type { RunEndedListener, RunQueue } from './run/run-queue.js';
import type { Scheduler } from './schedule/scheduler.js';
import type { SecretBox } from './notify/secret-box.js';
import type { SettingsStore } from './settings/settings-store.js';
import type { StatusTracker } from './run/status-tracker.js';
import type { TaskRegistry } from './tasks/task-registry.js';

/** The Director's own parts: what the run machinery is built from and every handler works with. */
export interface DirectorCore {
  configDir: string;
  settings: SettingsStore;
  hub: EventHub;
  status: StatusTracker;
  logger: Logger;
  clock: () => Date;
}

/** What handlers work with; built once by createDirector and handed to each handler group. */
export interface DirectorServices extends DirectorCore {
  platform: NodeJS.Platform;
  home: string;
  /** One run at a time; `runs.start()` starts or joins. `runs.cleanup` is the retention hook. */
  runs: RunQueue;
  /** Called after every run ends, in order (e-mail notification registers here). */
  onRunEnded: RunEndedListener[];
  tasks: TaskRegistry;
  scheduler: Scheduler;
  /** Where network clients reach this Director and its certificate's fingerprint (set by the service; null on loopback). */
  endpoint: { url: string | null; fingerprint: string | null };
  /** One-time addresses for single-file downloads from the console (see `vault.downloadTicket`). */
  downloads: DownloadTickets;
  /** Seals and opens the e-mail password (safeStorage in the console, a key file headless). */
  secrets: SecretBox;
  /** The offsite targets' states in words for `{{offsite}}` (set once the offsite service exists). */
  offsiteSummary?: () => string;
}
