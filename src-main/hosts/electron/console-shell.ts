import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, ipcMain, Menu, screen, session, type BrowserWindow } from 'electron';
import { createFileLogger, type Logger } from '../../base/logger.js';
import { APP_ENTRY_URL, APP_ORIGIN } from './app-path.js';
import { serveConsole } from './app-protocol.js';
import { watchRendererBuild } from './dev-reload.js';
import { connectToServerWindow, trustServerCertificate } from './connect-window.js';
import { forgetServer } from './server-mode.js';
import { openConsoleLink, type DirectorLink } from './director-link.js';
import { attachIpcAdapter, type IpcAdapter } from './ipc-adapter.js';
import { attachSavePdf } from './save-pdf.js';
import { showRunEndNotification } from './run-notification.js';
import { desktopSecretBox } from './secret-seal.js';
import { denyPermissions } from './security.js';
import { relaunchArgs, type ShellArgs } from './shell-args.js';
import { presentStatus, type StatusPresenter } from './status-presenter.js';
import { installTestHooks } from './test-hooks.js';
import { createTray, type TrayView } from './tray.js';
import { cancelRun, setSchedulesSuspended, startBackup } from './tray-actions.js';
import { isRunning, type TrayAction } from './tray-model.js';
import { originOf } from './trusted-sender.js';
import { createConsoleWindow, saveWindowBounds, showWindow } from './window.js';
import { fitToDisplays, loadWindowState, WINDOW_STATE_FILE } from './window-state.js';

export interface ConsoleShell {
  showConsole(): void;
}

export interface BuiltPaths {
  preload: string;
  renderer: string;
  icons: string;
  appIcon: string;
}

/** Where the build put things: dist/electron-main.js, dist/preload.cjs, dist/icons/, dist-renderer/. */
function builtPaths(): BuiltPaths {
  const dist = dirname(fileURLToPath(import.meta.url));
  return {
    preload: join(dist, 'preload.cjs'),
    renderer: join(dist, '..', 'dist-renderer'),
    icons: join(dist, 'icons'),
    appIcon: join(dist, 'icons', 'icon.png'),
  };
}

/** After 'ready': the Director (embedded or joined), the window, the tray, notifications, quit. */
export async function startConsoleShell(args: ShellArgs, paths: BuiltPaths = builtPaths()): Promise<ConsoleShell> {
  const logger: Logger = createFileLogger({ file: join(args.configDir, 'logs', 'console.log') });
  Menu.setApplicationMenu(process.platform === 'darwin' ? Menu.buildFromTemplate([{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }]) : null);
  denyPermissions(session.defaultSession);
  // A remembered office server (or --connect): sign in to it; this PC then runs no Director of its own.
  const openLink = () => openConsoleLink({ configDir: args.configDir, logger, secrets: desktopSecretBox(args.configDir) });
  const opened = args.connect ? ({ mode: 'server-sign-in' } as const) : await openLink();
  // Browse's Download in the embedded console goes to the embedded Director's loopback service.
  let downloadOrigin: string | null = null;
  if (opened.mode === 'server-sign-in' || opened.mode === 'embedded') serveConsole(paths.renderer, logger, () => downloadOrigin);
  const link: DirectorLink =
    opened.mode === 'server-sign-in'
      ? await connectToServerWindow({ configDir: args.configDir, preload: paths.preload, icon: paths.appIcon, logger }).catch(async (err: unknown) => {
          // "Connect to a HotBackup Server…" closed without connecting: back to this computer's Director.
          const fallback = args.connect ? await openLink() : null;
          if (!fallback || fallback.mode === 'server-sign-in') throw err;
          logger.info("the Connect window was closed: this computer's Director is used");
          return fallback;
        })
      : opened;
  if (link.mode === 'embedded') downloadOrigin = link.service?.origin ?? null;
  if (link.mode === 'server') trustServerCertificate(link);
  // A headless Director of this config directory on a network address serves https with its own certificate.
  if (link.mode === 'remote' && link.pin) trustServerCertificate({ url: new URL(link.consoleUrl).origin, pin: link.pin });
  logger.info(`console started (${link.mode === 'embedded' ? 'embedded Director' : link.mode === 'server' ? `signed in to ${link.url} as ${link.account}` : `joined ${new URL(link.consoleUrl).host}`})`);

  let quitting = false;
  const stateFile = join(app.getPath('userData'), WINDOW_STATE_FILE);
  const state = fitToDisplays(await loadWindowState(stateFile), screen.getAllDisplays().map((d) => d.workArea));
  const win: BrowserWindow = createConsoleWindow({
    url: link.mode === 'embedded' ? APP_ENTRY_URL : link.consoleUrl,
    // A joined Director's page uses its own WebSocket bridge, so no preload there.
    preload: link.mode === 'embedded' ? paths.preload : null,
    allowedOrigin: link.mode === 'embedded' ? APP_ORIGIN : (originOf(link.consoleUrl) ?? 'http://127.0.0.1'),
    state,
    stateFile,
    icon: paths.appIcon,
    show: !args.hidden,
    isQuitting: () => quitting,
    logger,
  });
  const showConsole = () => showWindow(win);
  if (link.mode === 'embedded' && !app.isPackaged && process.env.HOTBACKUP_RELOAD === '1') {
    const stop = watchRendererBuild(paths.renderer, () => win.isDestroyed() || win.webContents.reloadIgnoringCache());
    app.once('will-quit', stop);
  }

  let adapter: IpcAdapter | null = null;
  if (link.mode === 'embedded') {
    const director = link.director;
    adapter = attachIpcAdapter({
      ipc: ipcMain,
      openSession: director.openSession,
      contents: () => (win.isDestroyed() ? null : win.webContents),
      trustedOrigin: APP_ORIGIN,
      logger,
    });
    // A reload or a crashed page is a new client: what the old page started ends with it.
    win.webContents.on('did-navigate', () => adapter?.resetClient());
    win.webContents.on('render-process-gone', () => adapter?.resetClient());
    // The Vault's Detail Report: "Save as PDF" through printToPDF (window.hotbackupDesktop.savePdf).
    app.once('will-quit', attachSavePdf(win, APP_ORIGIN, logger));
  }

  const report = (what: string, r: { ok: boolean; error?: { message: string } }) => {
    if (r.ok) return;
    logger.warn(`${what}: ${r.error?.message}`);
    showRunEndNotification({ title: `HotBackup: ${what} failed`, body: r.error?.message ?? '', timeoutType: 'never', urgency: 'critical' }, paths.appIcon, showConsole);
  };
  let presenter: StatusPresenter | null = null;
  const onAction = (action: TrayAction) => {
    if (action === 'open') showConsole();
    else if (action === 'quit') void confirmQuit();
    else if (action === 'backup') void startBackup(link.bridge, userInfo().username, link.mode === 'server' ? link.role : 'admin').then((r) => report('Back Up Data Files', r));
    else if (action === 'cancel') void confirmCancel();
    else if (action === 'connect' || action === 'disconnect') void switchDirector(action === 'connect');
    else if (action === 'suspend') {
      const item = presenter?.current().items.find((i) => i.kind === 'action' && i.action === 'suspend');
      const suspended = item?.kind === 'action' && item.checked === true;
      void setSchedulesSuspended(link.bridge, !suspended).then((r) => report(suspended ? 'Resume schedules' : 'Suspend schedules', r));
    }
  };
  const tray: TrayView = createTray(paths.icons, onAction);
  const tooltips: string[] = [];
  presenter = await presentStatus(
    link.bridge,
    link.mode,
    {
      tray: (m) => {
        tray.show(m);
        if (tooltips.at(-1) !== m.tooltip && tooltips.push(m.tooltip) > 500) tooltips.shift();
      },
      progress: (p) => {
        if (!win.isDestroyed()) win.setProgressBar(p.value, { mode: p.mode });
      },
      notify: (n) => showRunEndNotification(n, paths.appIcon, showConsole),
    },
    logger,
  );
  installTestHooks(process.env, {
    tray: () => presenter!.current(),
    tooltips: () => [...tooltips],
    trayAction: onAction,
    mode: link.mode,
    configDir: args.configDir,
  });

  // A question before an action: the first button keeps things as they are and is the default (Enter, Escape); true = the second.
  const confirmed = async (type: 'warning' | 'question', keep: string, act: string, message: string, detail: string) => {
    const { response } = await dialog.showMessageBox({ type, buttons: [keep, act], defaultId: 0, cancelId: 0, message, detail });
    return response === 1;
  };

  const confirmCancel = async () => {
    const cancel = await confirmed(
      'warning',
      'Keep Running',
      'Cancel HotBackup',
      'Cancel the HotBackup in progress?',
      'It stops within seconds and is recorded as Failed (cancelled by you); its partial copies are removed. Your data files and older backups are not affected.',
    );
    if (cancel) void cancelRun(link.bridge, userInfo().username).then((r) => report('Cancel HotBackup', r));
  };

  // "Connect to a HotBackup Server…" / "Disconnect…": the console starts again in the other mode. The
  // server stays remembered in console-server.json until Disconnect forgets it.
  const switchDirector = async (toServer: boolean) => {
    if (link.mode === 'embedded' && presenter && isRunning(presenter.status().status)) {
      await dialog.showMessageBox({ type: 'info', buttons: ['OK'], message: 'A backup is in progress.', detail: "Connect to a HotBackup server when it has finished: this computer's Director stops then." });
      return;
    }
    if (!toServer) {
      const disconnect = await confirmed(
        'question',
        'Stay Connected',
        'Disconnect',
        `Disconnect from ${link.mode === 'server' ? link.url : 'the server'}?`,
        "The console starts again with this computer's own Director, its settings and schedules. The server keeps backing up.",
      );
      if (!disconnect) return;
      await forgetServer(args.configDir);
    }
    logger.info(toServer ? 'Connect to a HotBackup server: the console starts again' : "disconnected from the server: the console starts again with this computer's Director");
    app.relaunch({ args: relaunchArgs(process.argv.slice(1), toServer) });
    app.quit();
  };

  const confirmQuit = async () => {
    if (link.mode === 'embedded' && presenter && isRunning(presenter.status().status)) {
      const quit = await confirmed(
        'warning',
        'Keep Running',
        'Quit Anyway',
        'A backup is in progress.',
        'If you quit now the backup stops and is recorded as Failed (interrupted). Your data files are not affected.',
      );
      if (!quit) return;
    }
    app.quit();
  };

  // Quit: stop the Director cleanly first (the lock is released, a run is recorded), then really quit.
  let closed = false;
  let closing: Promise<void> | null = null;
  app.on('before-quit', (event) => {
    quitting = true;
    if (closed) return;
    event.preventDefault();
    closing ??= saveWindowBounds(win, stateFile, logger)
      .then(() => shutdown(link, adapter, presenter, tray, logger))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });
  if (link.mode === 'remote') {
    void link.lost.then(() => {
      if (quitting) return;
      logger.warn('the headless Director went away');
      showRunEndNotification(
        { title: 'HotBackup Director stopped', body: 'The headless HotBackup Director this console was showing has stopped. Start HotBackup again to back up from this computer.', timeoutType: 'never', urgency: 'critical' },
        paths.appIcon,
        () => undefined,
      );
      app.quit();
    });
  }
  return { showConsole };
}

async function shutdown(link: DirectorLink, adapter: IpcAdapter | null, presenter: StatusPresenter | null, tray: TrayView, logger: Logger): Promise<void> {
  presenter?.stop();
  adapter?.detach();
  tray.destroy();
  try {
    await link.close();
    logger.info('console stopped');
  } catch (err) {
    logger.error(`stopping the Director: ${(err as Error).message}`);
  }
}
