import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, dialog, ipcMain, type BrowserWindow } from 'electron';
import type { Logger } from '../../base/logger.js';
import { attachSavePdfHandler } from './save-pdf-handler.js';

/** Wire "Save as PDF" for the console window: a save dialog in Documents, then printToPDF. */
export function attachSavePdf(win: BrowserWindow, trustedOrigin: string, logger: Logger): () => void {
  return attachSavePdfHandler({
    ipc: ipcMain,
    contents: () => (win.isDestroyed() ? null : win.webContents),
    trustedOrigin,
    logger,
    askPath: async (name) => {
      const r = await dialog.showSaveDialog(win, { defaultPath: join(app.getPath('documents'), name), filters: [{ name: 'PDF', extensions: ['pdf'] }] });
      return r.canceled || !r.filePath ? null : r.filePath;
    },
    writeFile: (path, data) => writeFile(path, data),
  });
}
