import type { Bridge } from '../../shared/contract.js';
import type { WsBridge } from '../bridge/ws-bridge.js';
import { setBridge, useApp } from './store.js';

/** Subscribe to Director events once and load the first state. */
export async function boot(bridge: Bridge): Promise<void> {
  setBridge(bridge);
  const app = useApp.getState();
  bridge.on('status.changed', (s) => useApp.getState().setStatus(s));
  bridge.on('light.update', (u) => useApp.getState().lightUpdate(u));
  bridge.on('settings.changed', (s) => {
    useApp.getState().setSettings(s);
    // Next run times are the Director's to compute: fetch them again after any change.
    void useApp.getState().loadSchedule();
  });
  const load = async () => {
    const [status, settings] = await Promise.all([bridge.invoke('status.get', {}), bridge.invoke('settings.get', {})]);
    if (status.ok) app.setStatus(status.value);
    if (settings.ok) app.setSettings(settings.value);
    void app.loadSchedule();
    const failed = [status, settings].find((r) => !r.ok);
    app.setLoadError(failed && !failed.ok ? failed.error.message : null);
  };
  const ws = bridge as Partial<WsBridge>;
  if (ws.onConnection) {
    // Reload everything after a reconnect: events may have been missed while away.
    ws.onConnection((state) => {
      useApp.getState().setConnection(state);
      if (state === 'open') void load();
    });
  } else {
    app.setConnection('open');
    await load();
  }
}
