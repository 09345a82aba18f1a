// Runs sandboxed in the console window before the page. Bundled to dist/preload.cjs.
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadBridge } from './preload-bridge.js';
import { createDesktopExtras } from './preload-desktop.js';

contextBridge.exposeInMainWorld('hotbackup', createPreloadBridge(ipcRenderer));
contextBridge.exposeInMainWorld('hotbackupDesktop', createDesktopExtras(ipcRenderer));
