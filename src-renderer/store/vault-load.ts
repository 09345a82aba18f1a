import { getBridge, useApp } from './store.js';

let inFlight: Promise<void> | null = null;
let again = false;

/** List the Vault again; calls while a listing is on its way coalesce into one more listing. */
export function reloadVault(): Promise<void> {
  if (inFlight) {
    again = true;
    return inFlight;
  }
  inFlight = (async () => {
    const app = useApp.getState();
    app.setVaultLoading(true);
    try {
      do {
        again = false;
        const r = await getBridge().invoke('vault.list', {});
        if (r.ok) useApp.getState().setVault(r.value);
        else useApp.getState().setVaultError(r.error.message);
        // The history is the chart's source and lists attempts that never got a folder; a failure to read it only leaves those out.
        const h = await getBridge().invoke('history.list', {});
        if (h.ok) useApp.getState().setHistory(h.value.entries);
      } while (again);
    } finally {
      useApp.getState().setVaultLoading(false);
      inFlight = null;
    }
  })();
  return inFlight;
}
