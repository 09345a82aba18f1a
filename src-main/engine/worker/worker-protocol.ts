import type { CauseKind } from '../../../shared/history.js';
import type { Phase } from '../../../shared/status.js';
import type { DataDirectory, EngineSettings } from '../../../shared/settings.js';
import type { Trigger } from '../../../shared/status.js';
import type { PhaseCosts } from '../run/progress-estimate.js';
import type { ProgressEvent, RunBackupResult, UserTaskRecord } from '../run/run-types.js';

/** What the worker needs to run: plain data only (functions stay on the host side as hooks). */
export interface WorkerStart {
  type: 'start';
  hotBackupFolder: string;
  dataDirectories: DataDirectory[];
  settings: EngineSettings;
  /** The host parsed the settings and probed the HotBackup folder already. */
  inputChecked?: boolean;
  /** The host is still probing the HotBackup folder: wait for 'folder-checked' before touching it. */
  folderCheckPending?: boolean;
  trigger: Trigger;
  user: string;
  task: string;
  /** The host clock's "now" (ms), so times in the worker follow the injected clock. */
  clockNowMs: number;
  /** Date.now() at the same moment: offset = clockNowMs - hostDateNowMs (0 for the real clock). */
  hostDateNowMs: number;
  firstPhase: Phase;
  /** When the host started the run (host clock, ms). */
  startedAtMs: number;
  racyWindowMs?: number;
  manifestKey?: Uint8Array;
  memberSize?: number;
  reservedIds?: string[];
  settingsFolder?: string;
  previousCosts?: PhaseCosts | null;
  hooks: { beforeSnapshot: boolean; userTasks: boolean; cleanup: boolean };
}

export type HostToWorker =
  | WorkerStart
  | { type: 'abort'; reason: string; kind: CauseKind }
  | { type: 'folder-checked'; previousCosts: PhaseCosts | null }
  | { type: 'reply'; callId: number; ok: true; value: unknown }
  | { type: 'reply'; callId: number; ok: false; message: string }
  | { type: 'cleanup-log'; callId: number; code: string; detail: string };

export type HookName = 'beforeSnapshot' | 'userTasks' | 'cleanup';

export type WorkerToHost =
  | { type: 'ready' }
  | { type: 'progress'; event: ProgressEvent }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  | { type: 'snapshot' }
  | { type: 'folder'; id: string; path: string }
  | { type: 'helper'; pid: number; alive: boolean }
  | { type: 'call'; callId: number; hook: HookName; ctx?: { id: string; hotBackupFolder: string; backupPath: string } }
  | { type: 'done'; result: RunBackupResult };

export type { UserTaskRecord };
