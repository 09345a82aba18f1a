import { BrowserWindow } from 'electron';
import type { Logger } from '../../base/logger.js';
import { guardContents } from './security.js';
import { saveWindowState, type WindowState } from './window-state.js';

export interface ConsoleWindowOptions {
  url: string;
  /** dist/preload.cjs for our own console; null when the window shows a headless Director's console. */
  preload: string | null;
  allowedOrigin: string;
  state: WindowState;
  stateFile: string;
  icon: string;
  show: boolean;
  /** While false, closing the window only hides it: the tray and the schedules keep running. */
  isQuitting(): boolean;
  logger: Logger;
}

/** The console window, locked down per Electron's security checklist. */
export function createConsoleWindow(opts: ConsoleWindowOptions): BrowserWindow {
  const { x, y, width, height, maximized } = opts.state;
  const win = new BrowserWindow({
    ...(x !== undefined && y !== undefined ? { x, y } : {}),
    width,
    height,
    minWidth: 760,
    minHeight: 520,
    show: false,
    title: 'HotBackup',
    icon: opts.icon,
    autoHideMenuBar: true,
    backgroundColor: '#ffffff',
    webPreferences: {
      ...(opts.preload ? { preload: opts.preload } : {}),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  if (maximized) win.maximize();
  guardContents(win.webContents, opts.allowedOrigin, opts.logger);
  win.once('ready-to-show', () => {
    if (opts.show) win.show();
  });

  win.on('close', (event) => {
    void saveWindowBounds(win, opts.stateFile, opts.logger);
    if (!opts.isQuitting()) {
      event.preventDefault();
      win.hide();
    }
  });
  win.loadURL(opts.url).catch((err: Error) => opts.logger.error(`the console did not load from ${opts.url.replace(/#.*$/, '')}: ${err.message}`));
  return win;
}

/** Remember where the window is and how big (called on close, and awaited on quit). */
export async function saveWindowBounds(win: BrowserWindow, file: string, logger: Logger): Promise<void> {
  if (win.isDestroyed()) return;
  const b = win.getNormalBounds();
  const state: WindowState = { x: b.x, y: b.y, width: b.width, height: b.height, maximized: win.isMaximized() };
  await saveWindowState(file, state).catch((err: Error) => logger.warn(`could not save the window size: ${err.message}`));
}

export function showWindow(win: BrowserWindow): void {
  if (win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
