// The Electron main process entry (bundled to dist/electron-main.js). Everything that must
// happen before 'ready' is here; the console itself starts in console-shell.ts.
import { join } from 'node:path';
import { app, dialog } from 'electron';
import { registerAppScheme } from './app-protocol.js';
import { startConsoleShell, type ConsoleShell } from './console-shell.js';
import { parseShellArgs } from './shell-args.js';

/** Must equal appId in electron-builder.yml: Windows groups notifications and taskbar by it. */
export const APP_ID = 'org.hotbackup.console';

const args = parseShellArgs(process.argv.slice(1), process.env);
app.setName('HotBackup');
// Chromium's profile lives beside the config it belongs to, so one console runs per config
// directory (the single-instance lock is per profile) and a test's config dir isolates it all.
app.setPath('userData', join(args.configDir, 'console'));
if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  // Another console already runs on this config directory; it shows its window (second-instance).
  app.quit();
} else {
  let shell: ConsoleShell | null = null;
  app.on('second-instance', () => shell?.showConsole());
  app.on('activate', () => shell?.showConsole());
  // Closing the window keeps HotBackup in the tray: schedules go on running.
  app.on('window-all-closed', () => undefined);
  // A signal (logout, service manager, Ctrl+C under npm start) quits the same clean way as the tray's Quit.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.quit());
  app
    .whenReady()
    .then(async () => {
      shell = await startConsoleShell(args);
    })
    .catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      dialog.showErrorBox('HotBackup cannot start', message);
      app.exit(1);
    });
}
