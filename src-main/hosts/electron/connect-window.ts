import { BrowserWindow, ipcMain, session } from 'electron';
import type { Logger } from '../../base/logger.js';
import type { Pin } from '../client/peer-certificate.js';
import { APP_ENTRY_URL, APP_ORIGIN } from './app-path.js';
import { attachServerIpc } from './server-ipc.js';
import { certificateDecision, type ServerLink } from './server-mode.js';

/**
 * "Connect to a HotBackup server": a small window showing the Connect page (address, the
 * certificate's fingerprint to confirm, sign-in). Resolves with the signed-in link; no Director
 * is started on this PC. Rejects when the window is closed without connecting.
 */
export function connectToServerWindow(opts: { configDir: string; preload: string; icon: string; logger: Logger }): Promise<ServerLink> {
  const win = new BrowserWindow({
    width: 560,
    height: 620,
    title: 'Connect to a HotBackup server',
    icon: opts.icon,
    autoHideMenuBar: true,
    webPreferences: { preload: opts.preload, contextIsolation: true, sandbox: true, nodeIntegration: false },
  });
  return new Promise<ServerLink>((resolve, reject) => {
    let connected = false;
    const detach = attachServerIpc({
      ipc: ipcMain,
      configDir: opts.configDir,
      contentsId: () => (win.isDestroyed() ? null : win.webContents.id),
      trustedOrigin: APP_ORIGIN,
      logger: opts.logger,
      onConnected: (link) => {
        connected = true;
        detach();
        if (!win.isDestroyed()) win.close();
        resolve(link);
      },
    });
    win.on('closed', () => {
      if (connected) return;
      detach();
      reject(new Error('Not connected: the Connect to a HotBackup server window was closed.'));
    });
    void win.loadURL(`${APP_ENTRY_URL}#connect`);
  });
}

/** The console window trusts exactly the server's pinned certificate (other hosts: Chromium decides). */
export function trustServerCertificate(server: { url: string; pin: Pin }): void {
  session.defaultSession.setCertificateVerifyProc((request, callback) => callback(certificateDecision(request, server)));
}
