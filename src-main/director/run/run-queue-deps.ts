import type { RunOverrides } from '../../../shared/run.js';
import type { Settings } from '../../../shared/settings.js';
import type { StatusSnapshot, Trigger } from '../../../shared/status.js';
import type { RunBackupOptions, RunBackupResult } from '../../engine/index.js';
import type { Logger } from '../../base/logger.js';
import type { RunEndedListener, RunRecorder } from './run-lifecycle.js';
import type { TaskRegistry } from '../tasks/task-registry.js';

// What the run queue (run-queue.ts) is given, and how long a shutdown waits for its run.

/** The engine's entry point (src-main/engine), injected so the queue can be tested with a fake. */
export type RunBackup = (options: RunBackupOptions) => Promise<RunBackupResult>;

export interface RunRequest {
  trigger: Trigger;
  user: string;
  task: string;
  system: string;
  /** This run only: other folders or engine settings than the saved ones (refused when joining). */
  overrides?: RunOverrides;
}

export const SHUTDOWN_REASON = 'stopped by shutdown';

export interface RunQueueDeps {
  runBackup: RunBackup;
  settings: () => Settings;
  tasks: TaskRegistry;
  /** Receives every status change; the Director puts a Throttle in front of the status tracker. */
  publish(status: StatusSnapshot, final: boolean): void;
  initialStatus: StatusSnapshot;
  /** The warnings shown now (others add to them, e.g. a failed notification); kept until the next run ends. */
  shownWarnings?: () => string[];
  logger: Logger;
  clock: () => Date;
  /** Called after every run, in order; a listener's failure is logged and changes nothing. */
  onRunEnded: RunEndedListener[];
  /** The run history: every attempt's start, backup ID and end (default: none, for tests of the queue). */
  recorder?: RunRecorder;
  /** How often the watchdog looks at the run (ms, default 30 000). */
  watchdogCheckMs?: number;
}

/** How long a shutdown (SIGTERM) waits for the run to stop: HOTBACKUP_SHUTDOWN_GRACE_SECONDS, default 30. */
export function shutdownGraceMs(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.HOTBACKUP_SHUTDOWN_GRACE_SECONDS);
  return (Number.isFinite(n) && n > 0 ? n : 30) * 1000;
}
