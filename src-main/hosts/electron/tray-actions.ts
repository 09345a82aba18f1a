import type { Bridge } from '../../../shared/contract.js';
import type { Result } from '../../../shared/result.js';

/** "Back Up Data Files": an On Demand run, or join the one in progress. */
export function startBackup(bridge: Bridge, user: string): Promise<Result<unknown>> {
  return bridge.invoke('backup.start', { user, task: 'Back Up Data Files (tray)', system: 'HotBackup console', wait: false });
}

/** "Suspend Schedules" toggles the global suspend (indefinitely / running again). */
export function setSchedulesSuspended(bridge: Bridge, suspended: boolean): Promise<Result<unknown>> {
  return suspended ? bridge.invoke('schedule.suspend', { until: 'indefinitely' }) : bridge.invoke('schedule.resume', {});
}
