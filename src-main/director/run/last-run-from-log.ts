import { Trigger, type LastRun } from '../../../shared/status.js';
import type { BackupRecord } from '../../../shared/vault.js';
import { readBackupLog } from '../../engine/index.js';

/** The newest finished run in BACKUP.LOG, as the status shows it; null when there is none. Pure. */
export function lastRunFromRecords(records: readonly BackupRecord[]): LastRun | null {
  const finished = records.filter((r) => r.result !== 'In Progress' && r.ended);
  const newest = finished.sort((a, b) => Date.parse(a.ended!) - Date.parse(b.ended!)).at(-1);
  if (!newest) return null;
  const trigger = Trigger.safeParse(newest.trigger);
  return {
    id: newest.id,
    result: newest.result === 'Succeeded' ? 'Succeeded' : 'Failed',
    trigger: trigger.success ? trigger.data : 'On Demand',
    startedAt: newest.started,
    endedAt: newest.ended!,
    error: newest.error || null,
    failedPhase: null,
    files: newest.files,
    bytes: newest.bytes,
  };
}

/** After a restart the status still says how the last run ended. A missing or unreadable log gives null. */
export async function lastRunFromBackupLog(hotBackupFolder: string): Promise<LastRun | null> {
  try {
    return lastRunFromRecords((await readBackupLog(hotBackupFolder)).records);
  } catch {
    return null;
  }
}
