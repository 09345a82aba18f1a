import type { Bridge } from '../../shared/contract.js';
import type { StatusSnapshot } from '../../shared/status.js';
import type { WsBridge } from '../bridge/ws-bridge.js';
import { setBridge, useApp } from './store.js';
import { reloadVault } from './vault-load.js';

// Each event is a new object: compare what it says.
const warningsKey = (s: StatusSnapshot | null) => s?.warnings.join('\n') ?? '';

/** Subscribe to Director events once and load the first state. */
export async function boot(bridge: Bridge): Promise<void> {
  setBridge(bridge);
  const app = useApp.getState();
  bridge.on('status.changed', (s) => useApp.getState().setStatus(s));
  bridge.on('settings.changed', (s) => {
    useApp.getState().setSettings(s);
    // Next run times are the Director's to compute: fetch them again after any change.
    void useApp.getState().loadSchedule();
    void useApp.getState().loadOverview();
    // Targets added, renamed or removed: their states follow.
    void useApp.getState().loadOffsite();
  });
  bridge.on('light.update', (u) => useApp.getState().lightUpdate(u));
  // The Vault follows the HotBackup folder: list again when it changed, a run started or ended, or the folder moved.
  bridge.on('vault.changed', () => {
    void reloadVault();
    void useApp.getState().loadOverview();
  });
  bridge.on('vault.progress', (p) => useApp.getState().setVaultProgress(p));
  bridge.on('offsite.changed', (s) => useApp.getState().setOffsite(s));
  useApp.subscribe((now, before) => {
    if (now.status?.status !== before.status?.status || now.settings?.folder.path !== before.settings?.folder.path) void reloadVault();
    // The Overview follows runs starting and ending and every warning shown or cleared (not each progress tick).
    if (now.status?.status !== before.status?.status || warningsKey(now.status) !== warningsKey(before.status) || now.status?.lastRun?.endedAt !== before.status?.lastRun?.endedAt) {
      void useApp.getState().loadOverview();
    }
  });
  const load = async () => {
    const about = await bridge.invoke('about.get', {});
    if (about.ok) app.setAbout(about.value);
    if (about.ok && about.value.signedInAs.role === 'user') {
      // A user sees progress and results and asks for backups: no settings, schedule or Vault.
      const status = await bridge.invoke('status.get', {});
      if (status.ok) app.setStatus(status.value);
      app.setLoadError(status.ok ? null : status.error.message);
      void app.loadOverview();
      return;
    }
    const [status, settings] = await Promise.all([bridge.invoke('status.get', {}), bridge.invoke('settings.get', {})]);
    if (status.ok) app.setStatus(status.value);
    if (settings.ok) app.setSettings(settings.value);
    void reloadVault();
    void app.loadSchedule();
    void app.loadOverview();
    void app.loadOffsite();
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
