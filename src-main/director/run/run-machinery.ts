import type { StatusSnapshot } from '../../../shared/status.js';
import { errnoWords, loadManifestKey, runBackup } from '../../engine/index.js';
import { lastRunFromBackupLog } from './last-run-from-log.js';
import { Throttle } from '../../base/throttle.js';
import { relayStatus } from './relay-status.js';
import { RunQueue, type RunBackup, type RunEndedListener } from './run-queue.js';
import { historyRecorder } from './run-lifecycle.js';
import { Scheduler } from '../schedule/scheduler.js';
import { recordMissedSlot } from '../history/history-store.js';
import { fileWatermarkStore } from '../schedule/watermark-store.js';
import { TaskRegistry } from '../tasks/task-registry.js';
import type { DirectorCore } from '../services.js';

export type { RunBackup } from './run-queue.js';

export interface RunMachineryOptions extends DirectorCore {
  runBackup?: RunBackup;
  /** Status events to clients at most this often (ms); the last state is always delivered. */
  progressIntervalMs?: number;
}

/**
 * The run queue, tasks, scheduler and progress throttle, wired together for createDirector.
 * Settings changes (`settings.changed` on the hub) re-arm the schedule without a restart.
 */
export function createRunMachinery(o: RunMachineryOptions) {
  const onRunEnded: RunEndedListener[] = [];
  const tasks = new TaskRegistry(o.clock);
  const throttle = new Throttle<StatusSnapshot>((s) => o.status.set(s), o.progressIntervalMs ?? 100);
  const inner = o.runBackup ?? runBackup;
  let manifestKey: Uint8Array | undefined;
  const runs = new RunQueue({
    // Every backup's MANIFEST.json is signed with this installation's key (restore-over trusts only those);
    // the settings folder holding that key (and the users) is never backed up.
    runBackup: (opts) => inner({ ...opts, manifestKey: opts.manifestKey ?? manifestKey, settingsFolder: opts.settingsFolder ?? o.configDir }),
    settings: () => o.settings.get(),
    tasks,
    publish: relayStatus(throttle),
    initialStatus: o.status.get(),
    shownWarnings: () => o.status.get().warnings,
    logger: o.logger,
    clock: o.clock,
    onRunEnded,
    recorder: historyRecorder(o.configDir, o.logger, o.clock, errnoWords),
  });
  // Missed slots go into the run history one after another, in slot order.
  let missedChain = Promise.resolve();
  const scheduler = new Scheduler({
    schedule: () => o.settings.get().schedule,
    clock: o.clock,
    logger: o.logger,
    recordMissed: (slot, cause) => {
      const hotBackupFolder = o.settings.get().folder.path;
      missedChain = missedChain
        .then(() => recordMissedSlot(o.configDir, { slot: slot.at, cause, hotBackupFolder }, o.clock))
        .catch((err: Error) => o.logger.error(`the run history could not record the missed slot ${slot.date} ${slot.time}: ${err.message}`));
    },
    watermark: fileWatermarkStore(o.configDir),
    // A slot while a cancelled run is still ending waits for it and runs; one while a run saves is skipped.
    startRun: (trigger) => runs.startUnlessRunning({ trigger, user: '', task: '', system: '' }),
  });
  let unsubscribe: (() => void) | null = null;
  let scheduling = false;
  return {
    services: { runs, tasks, scheduler, onRunEnded },
    /** Show the last run from BACKUP.LOG; with `schedule`, catch up and arm the schedule. */
    async start(opts: { schedule: boolean }) {
      manifestKey = await loadManifestKey(o.configDir).catch((err: Error) => {
        o.logger.warn(`backups are not signed: ${err.message}`);
        return undefined;
      });
      runs.restoreLastRun(await lastRunFromBackupLog(o.settings.get().folder.path));
      if (!opts.schedule) return;
      unsubscribe = o.hub.subscribe((event) => {
        if (event === 'settings.changed') scheduler.rearm();
      });
      scheduling = true;
      await scheduler.start();
    },
    /** Stop the schedule, stop the run in progress (recorded Failed "stopped by shutdown"), flush status. */
    async stop() {
      unsubscribe?.();
      if (scheduling) await scheduler.stop();
      await missedChain;
      await runs.shutdown();
      throttle.close();
    },
  };
}
