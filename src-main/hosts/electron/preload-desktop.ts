import type { DesktopServerApi } from '../../../shared/desktop-server.js';

// Desktop-only extras the preload exposes as `window.hotbackupDesktop` (the page checks for it,
// as for the Bridge). Imported by the preload bundle: no electron import here.

export const SAVE_PDF_CHANNEL = 'hotbackup:save-pdf';
export const SERVER_REMEMBERED_CHANNEL = 'hotbackup:server-remembered';
export const SERVER_PROBE_CHANNEL = 'hotbackup:server-probe';
export const SERVER_CONNECT_CHANNEL = 'hotbackup:server-connect';
export type { ServerAnswer } from '../../../shared/desktop-server.js';

export interface DesktopIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
}

export function createDesktopExtras(ipc: DesktopIpc) {
  return {
    /** Print the page (its print stylesheet) to a PDF where the admin chooses. */
    savePdf: (suggestedName: string) => ipc.invoke(SAVE_PDF_CHANNEL, String(suggestedName)) as Promise<{ saved: boolean; path: string | null; error: string | null }>,
    server: {
      remembered: () => ipc.invoke(SERVER_REMEMBERED_CHANNEL),
      probe: (address: string) => ipc.invoke(SERVER_PROBE_CHANNEL, String(address)),
      connect: (url: string, account: string, password: string) => ipc.invoke(SERVER_CONNECT_CHANNEL, String(url), String(account), String(password)),
    } as DesktopServerApi,
  };
}
