import { isRequestName, type Bridge } from '../../../shared/contract.js';
import type { Result } from '../../../shared/result.js';

const BACKUP_START = 'backup.start';

/** "Back Up Data Files": an On Demand run, or join the one in progress. */
export async function startBackup(bridge: Bridge, user: string): Promise<Result<unknown>> {
  if (!isRequestName(BACKUP_START)) {
    return { ok: false, error: { code: 'UNKNOWN_REQUEST', message: 'This HotBackup Director cannot start a backup (no backup.start request): update HotBackup.' } };
  }
  const invoke = bridge.invoke as (name: string, input: unknown) => Promise<Result<unknown>>;
  return invoke(BACKUP_START, { user, task: 'Back Up Data Files (tray)', system: 'HotBackup console' });
}

/** "Suspend Schedules" toggles the global suspend (indefinitely / running again). */
export function setSchedulesSuspended(bridge: Bridge, suspended: boolean): Promise<Result<unknown>> {
  return bridge.invoke('settings.update', { schedule: { suspendedUntil: suspended ? 'indefinitely' : null } });
}
