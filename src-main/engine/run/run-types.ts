import type { Phase, Progress, Status, Trigger } from '../../../shared/status.js';
import type { DataDirectory, EngineSettings } from '../../../shared/settings.js';
import type { ErrorCode } from '../../../shared/result.js';
import type { CauseKind, SkipCounts } from '../../../shared/history.js';
import type { PhaseCosts } from './progress-estimate.js';
import type { Logger } from '../../base/logger.js';

import type { Clock } from '../../base/clock.js';

export type { Clock };

export interface ProgressEvent {
  status: Status;
  phase: Phase;
  progress: Progress;
}

export interface UserTaskRecord {
  system: string;
  user: string;
  task: string;
}

/** What the `cleanup` hook gets after a successful commit (retention runs there). */
export interface CleanupContext {
  id: string;
  hotBackupFolder: string;
  backupPath: string;
  /** Append a line to the run's HB.LOG, e.g. `HB_DELETING_BACKUP|26112401`. */
  log(code: string, detail: string): Promise<void>;
}

export interface RunHooks {
  onProgress?(event: ProgressEvent): void;
  /** The Director waits here for exclusive tasks; the run shows 'Waiting for Exclusive Tasks to Finish'. */
  beforeSnapshot?(): Promise<void>;
  /** Registered tasks, read at the snapshot point and written to HB.LOG. */
  userTasks?(): UserTaskRecord[] | Promise<UserTaskRecord[]>;
  /** Called right after the snapshot point (yellow traffic lights release here). */
  onSnapshot?(): void;
  /** The run's own threads begin streaming (while the database copies are still made in the SQLite helper). */
  onStreamStart?(): void;
  /** The run has its ID and its `Failed/<ID>` folder (BACKUP.LOG says In Progress). */
  onFolder?(id: string, path: string): void;
  /**
   * A helper process of the run started (`alive`) or ended: the SQLite helper (sqlite-child.ts).
   * A host that ends the run's worker from outside kills the helpers still alive.
   */
  onHelperProcess?(pid: number, alive: boolean): void;
  /** Retention, called in 'Removing Old Backups' after a successful commit. */
  cleanup?(ctx: CleanupContext): Promise<void>;
}

export interface RunBackupOptions extends RunHooks {
  hotBackupFolder: string;
  dataDirectories: DataDirectory[];
  settings: EngineSettings;
  trigger: Trigger;
  user: string;
  task: string;
  clock?: Clock;
  logger?: Logger;
  /**
   * A file changed this recently (ms) before it was read cannot be vouched for by its time stamp
   * and is compared or re-read. Default 20; raise it for filesystems with coarse times (FAT: 2000).
   */
  racyWindowMs?: number;
  /** The installation's manifest key: MANIFEST.sig = HMAC-SHA-256 of MANIFEST.json with it (none = no signature). */
  manifestKey?: Uint8Array;
  /** Tar bytes per gzip member (default 1 MiB); tests make it small to get many members. */
  memberSize?: number;
  /** Backup IDs issued before on other drives or folders (drive-identity.ts): never given again. */
  reservedIds?: string[];
  /** HotBackup's settings folder (settings.json, users, keys): never backed up (walk-plan.ts). */
  settingsFolder?: string;
  /** Check the HotBackup folder is the backup drive used before (lockedRunBackup); none = no check. */
  drive?: { registryFile: string; allowRotation: boolean };
  /** The previous successful run's phase times, for an honest bar and time left (default: read from its HB.LOG; null: none). */
  previousCosts?: PhaseCosts | null;
  /**
   * runBackup probes the HotBackup folder while the worker starts walking: this settles once it
   * answered (with the previous run's phase times); the run touches the folder only after it.
   */
  folderChecked?: Promise<PhaseCosts | null>;
  /** Abort → the run fails with the signal's reason (default "stopped by shutdown"). */
  signal?: AbortSignal;
}

export interface RunBackupResult {
  id: string | null;
  result: 'Succeeded' | 'Failed';
  error: string | null;
  /** BAD_INPUT (settings, paths: exit 2 in the CLI), IO_ERROR, RUN_FAILED, …; null on success. */
  errorCode?: ErrorCode | null;
  failedPhase: Phase | null;
  files: number | null;
  bytes: number | null;
  startedAt: string;
  endedAt: string;
  /** Recent/<ID> after success, Failed/<ID> after a failure, null when no folder was made. */
  backupPath: string | null;
  /** Things the user should know that did not fail the run (unsettled files included, cleanup errors). */
  warnings: string[];
  /** What kind of failure ended the run (the words are in `error`); null on success. */
  causeKind?: CauseKind | null;
  /** What the walk and capture could not take (each one named in HB.LOG); null when the walk did not finish. */
  skipped?: SkipCounts | null;
}
