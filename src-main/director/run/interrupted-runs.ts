import { applyRetention, recoverInterrupted, rollBackRestoreOver, type CleanupContext } from '../../engine/index.js';
import { nameInterruptedAttempts } from '../history/history-interrupted.js';
import { readHistory } from '../history/history-store.js';
import type { DirectorServices } from '../services.js';

/** The folders (other than `saved`) of the newest attempts the history shows Interrupted (a begin without an end). */
async function foldersOfInterruptedRuns(configDir: string, saved: string): Promise<string[]> {
  const h = await readHistory(configDir, { limit: RECENT_ATTEMPTS });
  return [...new Set(h.entries.filter((e) => e.result === 'Interrupted' && e.hotBackupFolder && e.hotBackupFolder !== saved).map((e) => e.hotBackupFolder))];
}

/** How far back a start looks for killed runs in other folders. */
const RECENT_ATTEMPTS = 100;

type VaultDeps = Pick<DirectorServices, 'settings' | 'logger' | 'clock' | 'hub'> & {
  configDir?: string;
  runs?: { cleanup: ((ctx: CleanupContext) => Promise<void>) | null };
  onRunEnded?: ((ended: never) => void | Promise<void>)[];
};

/** The run history gets the IDs of killed runs it missed (history-interrupted.ts); a failure is logged. */
async function nameAttempts(d: VaultDeps, folder: string, ids: readonly string[]): Promise<void> {
  if (!d.configDir || ids.length === 0) return;
  await nameInterruptedAttempts(d.configDir, folder, ids).catch((err: Error) => d.logger.warn(`the run history could not record the IDs of the interrupted runs ${ids.join(', ')}: ${err.message}`));
}

/**
 * The HotBackup folder's side of the Director, set up once at start (Director or CLI):
 * crash recovery of runs left In Progress, retention as the run's cleanup hook, and
 * `vault.changed` after every run. Recovery problems are logged, never fatal to the start.
 */
export async function wireVault(d: VaultDeps): Promise<void> {
  const folder = d.settings.get().folder.path;
  if (d.configDir) {
    // A restore-over cut short by a crash is undone before anything else (never finished later over newer work).
    try {
      const undone = await rollBackRestoreOver(d.configDir);
      if (undone.length) d.logger.warn(`an interrupted restore over the data directories was rolled back: ${undone.join('; ')}`);
    } catch (err) {
      d.logger.error(`rolling back an interrupted restore over the data directories failed: ${(err as Error).message}; it is tried again at the next start`);
    }
  }
  try {
    const r = await recoverInterrupted(folder, d.logger, d.clock);
    await nameAttempts(d, folder, r.interrupted);
    if (r.interrupted.length || r.committed.length) {
      d.hub.broadcast('vault.changed', { reason: 'interrupted runs marked Failed', ids: [...r.interrupted, ...r.committed] });
    }
  } catch (err) {
    d.logger.warn(`crash recovery in ${folder} failed: ${(err as Error).message}`);
  }
  // A run into another folder (a one-off --folder) that was killed is settled here too: the run
  // history names its folder; the folder's owner lock tells whether its holder still lives.
  if (d.configDir) {
    for (const other of await foldersOfInterruptedRuns(d.configDir, folder).catch(() => [])) {
      try {
        const r = await recoverInterrupted(other, d.logger, d.clock);
        await nameAttempts(d, other, r.interrupted);
        if (r.interrupted.length || r.committed.length) d.logger.warn(`in ${other}: runs left In Progress by a process that ended were settled (${[...r.interrupted, ...r.committed].join(', ')})`);
      } catch (err) {
        d.logger.warn(`crash recovery in ${other} failed: ${(err as Error).message}`);
      }
    }
  }
  if (d.runs) {
    d.runs.cleanup = async (ctx) => {
      const done = await applyRetention({ hotBackupFolder: ctx.hotBackupFolder, retention: d.settings.get().retention, log: ctx.log, logger: d.logger, clock: d.clock });
      if (done.moved.length || done.deleted.length) {
        d.hub.broadcast('vault.changed', { reason: 'Removing Old Backups', ids: [...done.moved, ...done.deleted] });
      }
    };
  }
  d.onRunEnded?.push(() => d.hub.broadcast('vault.changed', { reason: 'a HotBackup run ended', ids: [] }));
}
