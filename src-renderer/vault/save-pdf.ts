// "Save as PDF" of the Detail Report. The desktop console may offer Electron's printToPDF as
// `window.hotbackupDesktop.savePdf` (a desktop-only extra, checked for like the Bridge); a
// browser has only its print dialog, whose "Save as PDF" printer does the same.

import type { DesktopServerApi } from '../../shared/desktop-server.js';

export interface DesktopExtras {
  /** Ask where to save, print the page (with the print stylesheet) to PDF there. */
  savePdf(suggestedName: string): Promise<{ saved: boolean; path: string | null; error: string | null }>;
  /** "Connect to a HotBackup server" (the desktop console only). */
  server?: DesktopServerApi;
}

declare global {
  interface Window {
    hotbackupDesktop?: DesktopExtras;
  }
}

/** What to tell the admin after "Save as PDF…". */
export async function saveReportAsPdf(suggestedName: string): Promise<{ ok: boolean; text: string }> {
  const desktop = window.hotbackupDesktop;
  if (!desktop?.savePdf) {
    window.print();
    return { ok: true, text: 'In the print window, choose “Save as PDF” as the printer.' };
  }
  const r = await desktop.savePdf(suggestedName);
  if (r.error) return { ok: false, text: `The PDF was not saved: ${r.error}` };
  return r.saved ? { ok: true, text: `Saved to ${r.path}.` } : { ok: true, text: 'Not saved.' };
}
