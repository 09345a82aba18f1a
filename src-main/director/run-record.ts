import type { RunBackupResult } from '../engine/run/run-types.js';
import { formatLocalIso } from '../engine/time/local-iso.js';
import { appendHistory } from './history/history-store.js';
import type { Logger } from './logger.js';
import type { RunState } from './run-status.js';

/** Where a run's attempt is recorded as it goes: started, got its folder, ended. */
export interface RunRecorder {
  begin(run: RunState, hotBackupFolder: string): Promise<void>;
  folder(run: RunState, id: string): Promise<void>;
  end(run: RunState, result: RunBackupResult): Promise<void>;
}

/**
 * The run history in the config directory (history/history-store.ts). A line that cannot be
 * written is logged and never changes the run's result.
 */
export function historyRecorder(configDir: string, logger: Logger, clock: () => Date): RunRecorder {
  const safe = async (what: string, run: RunState, write: () => Promise<void>) => {
    try {
      await write();
    } catch (err) {
      logger.error(`run ${run.key}: the run history could not record ${what}: ${(err as Error).message}`);
    }
  };
  return {
    begin: (run, hotBackupFolder) =>
      safe('its start', run, () =>
        appendHistory(configDir, { v: 1, type: 'begin', key: run.key, startedAt: run.startedAt, trigger: run.trigger, user: run.user, task: run.task, hotBackupFolder }),
      ),
    folder: (run, id) => safe(`its backup ID ${id}`, run, () => appendHistory(configDir, { v: 1, type: 'folder', key: run.key, id })),
    end: (run, r) =>
      safe('its end', run, () =>
        appendHistory(configDir, {
          v: 1, type: 'end', key: run.key, endedAt: r.endedAt || formatLocalIso(clock()), result: r.result, phase: r.result === 'Failed' ? r.failedPhase : 'HotBackup Succeeded',
          cause: r.error, causeKind: r.result === 'Failed' ? (r.causeKind ?? 'internal') : null, id: r.id, files: r.files, bytes: r.bytes, skipped: r.skipped ?? null,
        }),
      ),
  };
}

/** For tests of the queue alone. */
export const noRecorder: RunRecorder = { begin: async () => undefined, folder: async () => undefined, end: async () => undefined };
