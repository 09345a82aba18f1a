// Desktop-only extras the preload exposes as `window.hotbackupDesktop` (the page checks for it,
// as for the Bridge). Imported by the preload bundle: no electron import here.

export const SAVE_PDF_CHANNEL = 'hotbackup:save-pdf';

export interface DesktopIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
}

export function createDesktopExtras(ipc: DesktopIpc) {
  return {
    /** Print the page (its print stylesheet) to a PDF where the admin chooses. */
    savePdf: (suggestedName: string) => ipc.invoke(SAVE_PDF_CHANNEL, String(suggestedName)) as Promise<{ saved: boolean; path: string | null; error: string | null }>,
  };
}
