import type { Bridge } from '../../../shared/contract.js';
import type { Result } from '../../../shared/result.js';
import type { Role } from '../../../shared/roles.js';

/**
 * "Back Up Data Files": an On Demand run, or join the one in progress. Signed in to a server as
 * a `user`, it asks with the red light instead (the answer comes when the backup has completed).
 */
export function startBackup(bridge: Bridge, user: string, role: Role = 'admin'): Promise<Result<unknown>> {
  if (role === 'user') return bridge.invoke('backup.request', { level: 'recommended', wait: 'completed', user, task: 'Back Up Data Files (tray)', system: 'HotBackup console' });
  return bridge.invoke('backup.start', { user, task: 'Back Up Data Files (tray)', system: 'HotBackup console', wait: false });
}

/** "Suspend Schedules" toggles the global suspend (indefinitely / running again). */
export function setSchedulesSuspended(bridge: Bridge, suspended: boolean): Promise<Result<unknown>> {
  return suspended ? bridge.invoke('schedule.suspend', { until: 'indefinitely' }) : bridge.invoke('schedule.resume', {});
}

/** "Cancel HotBackup…" (after the user confirmed): the run is recorded Failed "cancelled by <user>". */
export function cancelRun(bridge: Bridge, user: string): Promise<Result<unknown>> {
  return bridge.invoke('run.cancel', { user });
}
