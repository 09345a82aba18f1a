import type { Bridge } from '../../../shared/contract.js';
import type { PublicSettings } from '../../../shared/settings.js';
import { inactiveStatus, type StatusSnapshot } from '../../../shared/status.js';
import type { Logger } from '../../base/logger.js';
import { runEndNotice, runKey, type RunEndNotice } from './run-end-notice.js';
import { taskbarProgress, type TaskbarProgress } from './taskbar-progress.js';
import { trayModel, type TrayInput, type TrayModel } from './tray-model.js';

/** Where the presenter's decisions go: the Electron tray, window and Notification (fakes in tests). */
export interface StatusSinks {
  tray(model: TrayModel): void;
  progress(p: TaskbarProgress): void;
  notify(notice: RunEndNotice): void;
}

export interface StatusPresenter {
  /** The tray model on screen now (also read by the e2e test hook). */
  current(): TrayModel;
  /** The latest status the Director pushed. */
  status(): StatusSnapshot;
  stop(): void;
}

/**
 * Keeps the tray, taskbar progress and run-end notifications in step with the Director's
 * pushed events. A run that had ended before the console started is not announced again.
 */
export async function presentStatus(bridge: Bridge, mode: TrayInput['mode'], sinks: StatusSinks, logger: Logger): Promise<StatusPresenter> {
  let status: StatusSnapshot = inactiveStatus;
  let suspended = false;
  let model = trayModel({ status, schedulesSuspended: suspended, mode });
  let seen: string | null = null;
  let lastProgress = '';
  let pushed = false;

  const render = () => {
    model = trayModel({ status, schedulesSuspended: suspended, mode });
    sinks.tray(model);
    const p = taskbarProgress(status);
    const key = `${p.value}|${p.mode}`;
    if (key !== lastProgress) {
      lastProgress = key;
      sinks.progress(p);
    }
  };
  const onStatus = (next: StatusSnapshot) => {
    pushed = true;
    status = next;
    const notice = runEndNotice(seen, next.lastRun);
    seen = runKey(next.lastRun);
    render();
    if (notice) sinks.notify(notice);
  };
  const onSettings = (s: PublicSettings) => {
    suspended = s.schedule.suspendedUntil !== null;
    render();
  };

  const offStatus = bridge.on('status.changed', onStatus);
  const offSettings = bridge.on('settings.changed', onSettings);
  const [st, se] = await Promise.all([bridge.invoke('status.get', {}), bridge.invoke('settings.get', {})]);
  if (st.ok && !pushed) {
    // An event that arrived while we asked is newer than the answer: keep it.
    seen = runKey(st.value.lastRun);
    status = st.value;
  } else if (!st.ok) logger.warn(`tray: cannot read the status: ${st.error.message}`);
  if (se.ok) suspended = se.value.schedule.suspendedUntil !== null;
  else logger.warn(`tray: cannot read the settings: ${se.error.message}`);
  render();

  return {
    current: () => model,
    status: () => status,
    stop: () => {
      offStatus();
      offSettings();
    },
  };
}
