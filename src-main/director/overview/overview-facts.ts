import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import type { HistoryEntry } from '../../../shared/history.js';
import { freeBytes } from '../../base/free-space.js';
import { readBackupLog } from '../../engine/index.js';
import { lastSuccessfulBackup } from '../alerts/last-success.js';
import { historyFile, readHistory } from '../history/history-store.js';
import { nearestExisting } from '../../base/nearest-existing.js';
import { scheduleView } from '../schedule/schedule-view.js';
import { effectiveTimeZone } from '../schedule/wake-plan.js';
import type { DirectorServices } from '../services.js';
import { configFolderProblem, dataDirectoryProblem } from '../settings/settings-checks.js';
import { readVerdicts } from '../verify-schedule/verdict-store.js';
import type { OverviewFacts } from './overview-decide.js';
import type { SizeEstimate } from './size-estimate.js';

const systemZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Whether the run history can still be appended to (its file, or the config directory before the first line). */
async function historyWriteProblem(configDir: string): Promise<string | null> {
  const file = historyFile(configDir);
  const target = await access(file).then(() => file, () => configDir);
  return access(target, constants.W_OK).then(
    () => null,
    () => `${target} cannot be written by the account HotBackup runs as, so runs are not recorded in the run history. Give that account write access to it.`,
  );
}

/** The I/O behind the Overview: run history, BACKUP.LOG, the disks, verify verdicts. Never throws for a missing piece. */
export async function gatherOverviewFacts(d: DirectorServices, estimate?: (dirs: readonly { path: string; exclude: readonly string[] }[]) => Promise<SizeEstimate>): Promise<OverviewFacts> {
  const settings = d.settings.get();
  const now = d.clock();
  const folder = settings.folder.path;
  let history: HistoryEntry[] = [];
  let historyProblem: string | null = null;
  try {
    history = (await readHistory(d.configDir, { activeKey: d.runs.current()?.key ?? null, clock: d.clock })).entries;
  } catch (err) {
    historyProblem = (err as Error).message;
  }
  historyProblem ??= await historyWriteProblem(d.configDir);
  const [lastSuccess, log, verdicts, dirs, near] = await Promise.all([
    lastSuccessfulBackup(d.configDir, folder).catch(() => null),
    readBackupLog(folder).catch(() => null),
    readVerdicts(d.configDir),
    Promise.all(settings.dataDirectories.map(async (x) => ({ name: x.label || x.path, problem: (await dataDirectoryProblem(x.path, folder)) ?? (await configFolderProblem(x.path, d.configDir)) }))),
    nearestExisting(folder),
  ]);
  const free = near ? await freeBytes(near.dir).catch(() => null) : null;
  const stored = log ? new Set(log.records.map((r) => r.id)) : null;
  const lastGood = [...history].reverse().find((e) => e.result === 'Succeeded' && e.bytes !== null);
  const logGood = log?.records.filter((r) => r.result === 'Succeeded' && r.bytes !== null).at(-1);
  const lastBackupBytes = lastGood?.bytes ?? logGood?.bytes ?? null;
  // No backup yet: the data directories' size, walked once and kept (size-estimate.ts).
  const readable = settings.dataDirectories.filter((_, i) => dirs[i]?.problem === null);
  const est = lastBackupBytes === null && estimate && readable.length > 0 ? await estimate(readable).catch(() => null) : null;
  const view = scheduleView(settings.schedule, effectiveTimeZone(settings.schedule, systemZone()), now, 1);
  const status = d.status.get();
  return {
    now,
    running: status.run !== null,
    history,
    logLastRun: status.lastRun,
    lastSuccess,
    nextRun: view.nextRun,
    timeZone: view.timeZone,
    schedule: { entries: settings.schedule.entries.length, allSuspended: settings.schedule.entries.every((e) => e.suspended), suspendedUntil: settings.schedule.suspendedUntil },
    dataDirectories: dirs,
    folder,
    freeBytes: free,
    lastBackupBytes,
    estimate: est,
    statusWarnings: status.warnings,
    damaged: verdicts.verdicts.filter((v) => !v.ok && (!stored || stored.has(v.id))),
    historyProblem,
  };
}
