import type { RunOutcome } from '../../../shared/run.js';
import type { ActiveRun, LastRun, Phase, Progress, Status, StatusSnapshot, Trigger } from '../../../shared/status.js';
import type { RunBackupResult } from '../../engine/index.js';

export const zeroProgress: Progress = {
  percent: 0,
  bytesDone: 0,
  bytesTotal: 0,
  filesDone: 0,
  filesTotal: 0,
  currentFile: null,
  etaSeconds: null,
};

/** What the Director knows about the run in progress. */
export interface RunState {
  key: string;
  trigger: Trigger;
  user: string;
  task: string;
  startedAt: string;
  /** The backup ID, once the engine has made the run's folder. */
  id: string | null;
  status: Status;
  phase: Phase | null;
  progress: Progress;
  snapshotTaken: boolean;
}

/** The status every client sees, from the run in progress (if any) and the last finished run. */
export function statusSnapshot(run: RunState | null, lastRun: LastRun | null, warnings: string[]): StatusSnapshot {
  if (!run) {
    if (!lastRun) return { status: 'Inactive', phase: null, run: null, lastRun: null, warnings };
    const failed = lastRun.result === 'Failed';
    return {
      status: failed ? 'Failed' : 'Complete',
      phase: failed ? 'HotBackup Failed' : 'HotBackup Succeeded',
      run: null,
      lastRun,
      warnings,
    };
  }
  const active: ActiveRun = {
    id: run.id,
    trigger: run.trigger,
    user: run.user,
    task: run.task,
    startedAt: run.startedAt,
    snapshotTaken: run.snapshotTaken,
    progress: run.progress,
  };
  return { status: run.status, phase: run.phase, run: active, lastRun, warnings };
}

export function toLastRun(trigger: Trigger, r: RunBackupResult): LastRun {
  return {
    id: r.id,
    result: r.result,
    trigger,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    error: r.error,
    failedPhase: r.failedPhase,
    files: r.files,
    bytes: r.bytes,
  };
}

export const toOutcome = (r: RunBackupResult): RunOutcome => ({
  id: r.id,
  result: r.result,
  error: r.error,
  failedPhase: r.failedPhase,
  files: r.files,
  bytes: r.bytes,
  startedAt: r.startedAt,
  endedAt: r.endedAt,
  backupPath: r.backupPath,
  warnings: r.warnings,
});
