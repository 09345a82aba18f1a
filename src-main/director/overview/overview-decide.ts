import type { HistoryEntry } from '../../../shared/history.js';
import { formatBytes } from '../../../shared/format.js';
import { isNoBackupAlert } from '../../../shared/alerts.js';
import { DRIVE_NOT_CONNECTED } from '../../../shared/drive.js';
import type { Overview, OverviewLastResult, OverviewWarning } from '../../../shared/overview.js';
import type { LastRun } from '../../../shared/status.js';
import type { StoredVerdict } from '../../../shared/vault.js';
import { FREE_SPACE_MARGIN } from '../../base/free-space.js';

/** What the Overview is decided from; gathered by overview-facts.ts. */
export interface OverviewFacts {
  now: Date;
  running: boolean;
  /** Run history, oldest first (attempts and missed slots). */
  history: readonly HistoryEntry[];
  /** The last run as BACKUP.LOG tells it (for backups made before the run history existed). */
  logLastRun: LastRun | null;
  lastSuccess: { at: string; id: string | null } | null;
  nextRun: string | null;
  /** The schedule's time zone (its times are that zone's wall-clock times). */
  timeZone: string;
  schedule: { entries: number; allSuspended: boolean; suspendedUntil: string | null };
  /** Every configured data directory and what is wrong with it on disk (null: fine). */
  dataDirectories: readonly { name: string; problem: string | null }[];
  folder: string;
  freeBytes: number | null;
  /** The last successful backup's size, when known. */
  lastBackupBytes: number | null;
  /** Before any backup: the data directories' files summed (null: not asked or unknown). */
  estimate?: { bytes: number; complete: boolean } | null;
  /** Status warnings (failed e-mails, the no-backup alert, skipped files, …). */
  statusWarnings: readonly string[];
  /** Verify verdicts that found a backup still stored damaged. */
  damaged: readonly StoredVerdict[];
  /** The run history cannot be read or written (null: fine). */
  historyProblem: string | null;
}

/** Free space below this many times the expected size is worth a yellow light. */
const SPACE_COMFORT = 2;
/** Room beyond the last backup's size (logs, manifest, scripts): the run's own check's margin. */
const MARGIN = FREE_SPACE_MARGIN;

const MAIL_NOT_SENT = /^(Alert )?e-mail .* was not sent/i;
const VERIFY_DAMAGED = /^Scheduled verify found backup \S+ damaged/;

const ended = (h: readonly HistoryEntry[]) => h.filter((e) => e.kind === 'attempt' && e.result !== 'In Progress');

/** Pure: the last attempt that ended, from the history or (older installs) BACKUP.LOG. */
export function lastResultOf(history: readonly HistoryEntry[], logLastRun: LastRun | null): OverviewLastResult | null {
  const last = ended(history).at(-1);
  if (last) {
    const result = last.result === 'Succeeded' ? 'Succeeded' : last.result === 'Failed' ? 'Failed' : 'Interrupted';
    return { result, at: last.endedAt ?? last.startedAt, id: last.id, trigger: last.trigger, phase: last.phase, cause: last.cause };
  }
  if (!logLastRun) return null;
  return { result: logLastRun.result, at: logLastRun.endedAt, id: logLastRun.id, trigger: logLastRun.trigger, phase: logLastRun.failedPhase, cause: logLastRun.error };
}

/** Pure: how many of the newest ended attempts failed with the very same cause (0 or ≥ 2 is worth saying). */
export function sameFailureStreak(history: readonly HistoryEntry[]): { count: number; cause: string | null } {
  const list = ended(history);
  const cause = list.at(-1)?.result === 'Failed' ? (list.at(-1)!.cause ?? null) : null;
  if (!cause) return { count: 0, cause: null };
  let count = 0;
  for (let i = list.length - 1; i >= 0 && list[i]!.result === 'Failed' && list[i]!.cause === cause; i--) count++;
  return { count, cause };
}

const w = (kind: OverviewWarning['kind'], level: OverviewWarning['level'], title: string, text: string, fix: OverviewWarning['fix']): OverviewWarning => ({ kind, level, title, text, fix });

/** Pure: the Overview — the light, its reason and every current warning with where it is fixed. */
export function decideOverview(f: OverviewFacts): Overview {
  const warnings: OverviewWarning[] = [];
  const lastResult = lastResultOf(f.history, f.logLastRun);

  if (f.dataDirectories.length === 0) {
    warnings.push(w('missing-data', 'yellow', 'Nothing to back up yet', 'No data directory is configured: add the folders to back up.', 'data-directories'));
  }
  for (const d of f.dataDirectories) {
    if (d.problem) warnings.push(w('missing-data', 'red', `Data directory "${d.name}" cannot be read`, `${d.problem}. Reconnect its drive, correct the path or remove it.`, 'data-directories'));
  }
  const streak = sameFailureStreak(f.history);
  if (!f.running && lastResult && lastResult.result !== 'Succeeded') {
    const where = lastResult.phase && lastResult.result === 'Failed' ? ` in "${lastResult.phase}"` : '';
    const text = `HotBackup ${lastResult.id ?? '(no backup folder yet)'} ${lastResult.result === 'Failed' ? 'failed' : 'was interrupted'}${where}: ${lastResult.cause ?? 'no reason was recorded'}. Its Detail Report is in the Vault.`;
    // Not the backup drive used before: the console offers "Use this drive" (drive.adopt) beside it.
    if (lastResult.cause?.includes(DRIVE_NOT_CONNECTED)) warnings.push(w('drive', 'red', 'Is the backup drive connected?', text, 'folder'));
    else warnings.push(w('last-failed', 'red', lastResult.result === 'Failed' ? 'The last HotBackup failed' : 'The last HotBackup was interrupted', text, 'vault'));
    if (streak.count >= 2) {
      warnings.push(
        w('keeps-failing', 'red', `The same failure ${streak.count} times in a row`, `The last ${streak.count} HotBackups failed the same way: ${streak.cause}. Change the data directory (exclude the file, or include files that keep changing) or fix the file.`, 'data-directories'),
      );
    }
  }
  for (const v of f.damaged) {
    warnings.push(w('damaged', 'red', `Backup ${v.id} is damaged`, `Verify found backup ${v.id} damaged: ${v.summary}. Run a new backup and check the drive of the HotBackup folder.`, 'vault'));
  }
  const estimated = f.lastBackupBytes === null && f.estimate ? f.estimate : null;
  const expected = f.lastBackupBytes ?? estimated?.bytes ?? null;
  const took = estimated
    ? `the data directories hold ${estimated.complete ? 'about' : 'at least'} ${formatBytes(expected ?? 0)} (an estimate before the first backup)`
    : `the last backup took ${formatBytes(expected ?? 0)}`;
  if (f.freeBytes !== null && expected !== null) {
    if (f.freeBytes < expected + MARGIN) {
      const title = estimated ? 'The first backup may not fit' : 'The next backup may not fit';
      warnings.push(w('space', 'red', title, `The HotBackup folder's drive has ${formatBytes(f.freeBytes)} free; ${took}. Free space there, ${estimated ? 'exclude what need not be backed up' : 'lower the Recent/Archive counts'} or choose a larger drive.`, 'folder'));
    } else if (f.freeBytes < SPACE_COMFORT * expected) {
      warnings.push(w('space', 'yellow', 'Free space is running low', `The HotBackup folder's drive has ${formatBytes(f.freeBytes)} free, room for about one ${estimated ? 'backup' : 'more backup'} of ${formatBytes(expected)}${estimated ? ' (estimated from the data directories)' : ''}.`, 'folder'));
    }
  }
  for (const text of f.statusWarnings) {
    if (isNoBackupAlert(text)) warnings.push(w('stale', 'red', text.split(' (')[0]!, text, 'schedule'));
    else if (MAIL_NOT_SENT.test(text)) warnings.push(w('mail', 'yellow', 'An e-mail was not sent', text, 'notification'));
    else if (!VERIFY_DAMAGED.test(text)) warnings.push(w('other', 'yellow', 'Needs a look', text, null));
  }
  const suspendedUntil = f.schedule.suspendedUntil;
  if (suspendedUntil && (suspendedUntil === 'indefinitely' || Date.parse(suspendedUntil) > f.now.getTime())) {
    const until = suspendedUntil === 'indefinitely' ? 'until it is resumed' : `until ${suspendedUntil}`;
    warnings.push(w('suspended', 'yellow', 'The schedule is suspended', `Scheduled HotBackups are suspended ${until}: nothing runs by itself.`, 'schedule'));
  } else if (f.schedule.entries === 0) {
    warnings.push(w('no-schedule', 'yellow', 'No schedule', 'No HotBackup is scheduled: backups run only when someone asks.', 'schedule'));
  } else if (f.schedule.allSuspended) {
    warnings.push(w('suspended', 'yellow', 'The schedule is suspended', 'Every schedule entry is suspended: nothing runs by itself.', 'schedule'));
  }
  if (f.historyProblem) warnings.push(w('history', 'yellow', 'The run history cannot be kept', f.historyProblem, null));

  warnings.sort((a, b) => (a.level === b.level ? 0 : a.level === 'red' ? -1 : 1));
  const worst = warnings[0];
  const health = worst?.level ?? (f.lastSuccess ? 'green' : 'yellow');
  const reason = worst ? worst.title : f.lastSuccess ? 'The last HotBackup succeeded and nothing needs attention' : 'No HotBackup has succeeded yet';
  return {
    health,
    reason,
    lastSuccess: f.lastSuccess,
    lastResult,
    running: f.running,
    nextRun: f.nextRun,
    timeZone: f.timeZone,
    space: {
      folder: f.folder,
      freeBytes: f.freeBytes,
      expectedBytes: expected,
      basis: f.lastBackupBytes !== null ? 'last-backup' : estimated ? 'estimate' : 'unknown',
      ...(estimated && !estimated.complete ? { atLeast: true } : {}),
    },
    warnings,
  };
}
