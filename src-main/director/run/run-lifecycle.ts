import { HISTORY_FORMAT } from '../../../shared/history.js';
import type { Trigger } from '../../../shared/status.js';
import { readBackupLog, RunError, settleFailedRun, type RunBackupResult } from '../../engine/index.js';
import { formatLocalIso } from '../../base/local-iso.js';
import { appendHistory, compactHistory, historyFile } from '../history/history-store.js';
import { ownWriter } from '../history/history-writers.js';
import type { Logger } from '../../base/logger.js';
import type { RunState } from './run-status.js';

// The one place that owns a run's lifecycle and its record. The engine settles how a run ended
// (engine/run/run-ending.ts: its HB.LOG and BACKUP.LOG lines, the one Failed result, typed errors
// thrown where they happen); this module records every attempt in the run history, settles a run
// whose engine threw, logs the end and tells the listeners (e-mail, retries, alerts, the Vault).

/** Handed to every `onRunEnded` listener after a run (e-mail notification, issue 6). */
export interface RunEnded {
  runKey: string;
  trigger: Trigger;
  user: string;
  task: string;
  hotBackupFolder: string;
  result: RunBackupResult;
}
export type RunEndedListener = (ended: RunEnded) => void | Promise<void>;

/** The run history's writer: a run's start, its backup ID, its end. Each returns a warning when the line could not be written. */
export interface RunRecorder {
  begin(run: RunState, hotBackupFolder: string): Promise<string | null>;
  folder(run: RunState, id: string): Promise<string | null>;
  end(run: RunState, result: RunBackupResult): Promise<string | null>;
}

/** Pure: the warning shown (status, e-mail) when the run history could not record a run. */
export function historyWarning(configDir: string, what: string, why: string): string {
  return (
    `The run history ${historyFile(configDir)} could not record ${what} (${why}); the backup itself is not affected, but "hotbackup history" and the Vault chart miss this attempt. ` +
    'Check that the config directory is a writable folder on a drive with free space (and that run-history.jsonl is a file), then restart the Director.'
  );
}

/** The run history in the config directory (history/history-store.ts). A line that cannot be written never changes the run's result. */
export function historyRecorder(configDir: string, logger: Logger, clock: () => Date, words: (err: unknown) => string): RunRecorder {
  const safe = async (what: string, run: RunState, write: () => Promise<void>): Promise<string | null> => {
    try {
      await write();
      return null;
    } catch (err) {
      logger.error(`run ${run.key}: the run history could not record ${what}: ${(err as Error).message}`);
      return historyWarning(configDir, what, words(err));
    }
  };
  return {
    begin: (run, hotBackupFolder) =>
      safe('its start', run, async () =>
        appendHistory(configDir, {
          v: HISTORY_FORMAT, type: 'begin', key: run.key, startedAt: run.startedAt, trigger: run.trigger, user: run.user, task: run.task, hotBackupFolder, by: await ownWriter(),
        }),
      ),
    folder: (run, id) => safe(`its backup ID ${id}`, run, () => appendHistory(configDir, { v: HISTORY_FORMAT, type: 'folder', key: run.key, id })),
    end: async (run, r) => {
      const warning = await safe('its end', run, () =>
        appendHistory(configDir, {
          v: HISTORY_FORMAT, type: 'end', key: run.key, endedAt: r.endedAt || formatLocalIso(clock()), result: r.result, phase: r.result === 'Failed' ? r.failedPhase : 'HotBackup Succeeded',
          cause: r.error, causeKind: r.result === 'Failed' ? (r.causeKind ?? 'internal') : null, id: r.id, files: r.files, bytes: r.bytes, skipped: r.skipped ?? null,
        }),
      );
      // Kept bounded: once large, old attempts are dropped (never those whose backups are still present).
      await compactHistory(configDir, { clock, presentIds: presentBackupIds }).catch((err: Error) => logger.warn(`the run history could not be compacted: ${err.message}`));
      return warning;
    },
  };
}

/** The backup IDs BACKUP.LOG lists in a HotBackup folder; null when it cannot be read (then none is dropped). */
async function presentBackupIds(hotBackupFolder: string): Promise<Set<string> | null> {
  const log = await readBackupLog(hotBackupFolder);
  return log.missing || log.damaged.length ? null : new Set(log.records.map((r) => r.id));
}

/** For tests of the queue alone. */
export const noRecorder: RunRecorder = { begin: async () => null, folder: async () => null, end: async () => null };

export interface RunLifecycleDeps {
  recorder: RunRecorder;
  logger: Logger;
  clock: () => Date;
  listeners: readonly RunEndedListener[];
}

/** One run's lifecycle, from its first history line to its last listener. */
export class RunLifecycle {
  private recordedFolder: Promise<string | null> = Promise.resolve(null);
  private readonly warnings: string[] = [];

  constructor(
    private readonly deps: RunLifecycleDeps,
    private readonly run: RunState,
    private readonly hotBackupFolder: string,
  ) {}

  /** The attempt is recorded before anything else happens, so even a run that fails at once is listed. */
  async begin(): Promise<void> {
    this.note(await this.deps.recorder.begin(this.run, this.hotBackupFolder));
  }

  /** The run got its backup folder. */
  folder(id: string): void {
    this.recordedFolder = this.deps.recorder.folder(this.run, id);
  }

  /** Run the engine. It reports a failure as a result; a throw is a defect, and the run is still settled as Failed. */
  async attempt(start: () => Promise<RunBackupResult>): Promise<RunBackupResult> {
    try {
      return await start();
    } catch (err) {
      this.deps.logger.error(`run ${this.run.key}: the engine threw: ${(err as Error)?.stack ?? String(err)}`);
      const e = new RunError('internal', 'INTERNAL', `The HotBackup program failed unexpectedly: ${(err as Error)?.message ?? String(err)}. The Director log has the details; run the backup again.`);
      return settleFailedRun(
        // The folder lock was let go with the engine: its BACKUP.LOG line is settled by the next run or start.
        { hotBackupFolder: this.hotBackupFolder, clock: this.deps.clock, logger: this.deps.logger, writeLines: false },
        { id: this.run.id, backupPath: null, failedPhase: this.run.phase, startedAt: this.run.startedAt },
        e,
      );
    }
  }

  /** Record the end in the history; what could not be recorded is added to the result's warnings. */
  async end(result: RunBackupResult): Promise<RunBackupResult> {
    this.note(await this.recordedFolder);
    this.note(await this.deps.recorder.end(this.run, result));
    const r = this.warnings.length ? { ...result, warnings: [...result.warnings, ...this.warnings] } : result;
    this.deps.logger.info(`run ${this.run.key} ended: ${r.id ?? '(no ID)'} ${r.result}` + (r.error ? ` in ${r.failedPhase ?? 'an unknown phase'}: ${r.error}` : ''));
    return r;
  }

  /** Tell every listener, in order; a listener's failure is logged and changes nothing. */
  async notify(ended: RunEnded): Promise<void> {
    for (const listener of this.deps.listeners) {
      try {
        await listener(ended);
      } catch (err) {
        this.deps.logger.error(`after run ${this.run.key}: a run-ended listener failed: ${(err as Error)?.stack ?? String(err)}`);
      }
    }
  }

  private note(warning: string | null): void {
    if (warning && !this.warnings.includes(warning)) this.warnings.push(warning);
  }
}
