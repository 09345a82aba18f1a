import type { Logger } from '../../base/logger.js';
import type { MainIpc } from './ipc-adapter.js';
import { SAVE_PDF_CHANNEL } from './preload-desktop.js';
import { untrustedReason, type SenderInfo } from './trusted-sender.js';

// "Save as PDF" of the Vault's Detail Report in the desktop console: the page, printed with its
// print stylesheet by Electron's printToPDF, written where the admin chose. Main side, no electron import.

export interface PdfContents {
  id: number;
  isDestroyed(): boolean;
  printToPDF(options: { printBackground: boolean; pageSize: 'A4'; margins: { marginType: 'default' } }): Promise<Uint8Array>;
}

export interface SavePdfOptions {
  ipc: MainIpc;
  contents(): PdfContents | null;
  trustedOrigin: string;
  logger: Logger;
  /** The save dialog: the path the admin chose, or null when cancelled. */
  askPath(suggestedName: string): Promise<string | null>;
  writeFile(path: string, data: Uint8Array): Promise<void>;
}

export interface SavePdfAnswer {
  saved: boolean;
  path: string | null;
  error: string | null;
}

/** A file name only (no folders, no odd characters), ending in .pdf. */
export function pdfFileName(suggested: unknown): string {
  const base = String(suggested ?? '').split(/[\\/]/).pop() ?? '';
  const clean = [...base].map((c) => (c.charCodeAt(0) < 0x20 || ':*?"<>|'.includes(c) ? '_' : c)).join('').trim();
  const name = clean === '' || /^\.+$/.test(clean) ? 'HotBackup report' : clean;
  return /\.pdf$/i.test(name) ? name : `${name}.pdf`;
}

/** Register the save-as-PDF channel; returns the function that removes it. */
export function attachSavePdfHandler(opts: SavePdfOptions): () => void {
  opts.ipc.handle(SAVE_PDF_CHANNEL, async (event: SenderInfo, suggested: unknown): Promise<SavePdfAnswer> => {
    const wc = opts.contents();
    const reason = untrustedReason(event, wc?.id ?? null, opts.trustedOrigin);
    if (reason || !wc || wc.isDestroyed()) {
      opts.logger.warn(`refused save-as-PDF: ${reason ?? 'no console window'}`);
      return { saved: false, path: null, error: `HotBackup refused to save a PDF: ${reason ?? 'the console window is gone'}.` };
    }
    const path = await opts.askPath(pdfFileName(suggested));
    if (!path) return { saved: false, path: null, error: null };
    try {
      const pdf = await wc.printToPDF({ printBackground: true, pageSize: 'A4', margins: { marginType: 'default' } });
      await opts.writeFile(path, pdf);
      opts.logger.info(`report saved as PDF: ${path}`);
      return { saved: true, path, error: null };
    } catch (err) {
      return { saved: false, path, error: `${(err as Error).message} (choose another folder, or check it is writable)` };
    }
  });
  return () => opts.ipc.removeHandler(SAVE_PDF_CHANNEL);
}
