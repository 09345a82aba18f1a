// A stand-in for the electron module (no Electron binary here), shared by the console shell's
// tests: windows, tray, notifications, IPC, app:// protocol, dialogs and app.relaunch/quit are
// recorded in `fake.state` for the tests to read and drive.

export type Fn = (...args: never[]) => unknown;
export type Call = (...args: unknown[]) => unknown;

function makeStandIn() {
  class Emitter {
    readonly handlers = new Map<string, Fn[]>();
    on(event: string, fn: Fn) {
      this.handlers.set(event, [...(this.handlers.get(event) ?? []), fn]);
      return this;
    }
    once(event: string, fn: Fn) {
      return this.on(event, fn);
    }
    emit(event: string, ...args: unknown[]) {
      for (const fn of this.handlers.get(event) ?? []) (fn as Call)(...args);
    }
  }
  const state = {
    userData: '',
    windows: [] as BrowserWindow[],
    trays: [] as Tray[],
    notifications: [] as Record<string, unknown>[],
    ipc: new Map<string, Fn>(),
    protocol: null as null | ((req: Request) => Promise<Response>),
    permissionRequest: null as null | Fn,
    app: new Emitter(),
    quitted: false,
    /** app.relaunch() calls (their args) and dialog.showMessageBox() messages, in order. */
    relaunched: [] as unknown[],
    dialogs: [] as string[],
  };
  const preventable = () => {
    const ev = { prevented: false, preventDefault: () => void (ev.prevented = true) };
    return ev;
  };
  class WebContents extends Emitter {
    id = 41;
    sent: unknown[][] = [];
    openHandler: Fn | null = null;
    isDestroyed = () => false;
    send = (...args: unknown[]) => void this.sent.push(args);
    setWindowOpenHandler = (fn: Fn) => void (this.openHandler = fn);
    reloadIgnoringCache = () => undefined;
  }
  class BrowserWindow extends Emitter {
    webContents = new WebContents();
    url = '';
    visible = false;
    destroyed = false;
    progress: unknown[][] = [];
    constructor(readonly options: Record<string, unknown>) {
      super();
      state.windows.push(this);
    }
    loadURL = (url: string) => ((this.url = url), Promise.resolve());
    show = () => void (this.visible = true);
    hide = () => void (this.visible = false);
    focus = () => undefined;
    isMinimized = () => false;
    restore = () => undefined;
    maximize = () => undefined;
    isMaximized = () => false;
    isDestroyed = () => this.destroyed;
    getNormalBounds = () => ({ x: 10, y: 20, width: 1000, height: 700 });
    setProgressBar = (value: number, opts?: { mode?: string }) => void this.progress.push([value, opts?.mode]);
    close = () => {
      const ev = preventable();
      this.emit('close', ev);
      if (!ev.prevented) this.destroyed = true;
    };
  }
  class Tray extends Emitter {
    tooltip = '';
    menu: { template: { label?: string; click?: () => void }[] } | null = null;
    destroyed = false;
    constructor(public image: unknown) {
      super();
      state.trays.push(this);
    }
    setImage = (image: unknown) => void (this.image = image);
    setToolTip = (t: string) => void (this.tooltip = t);
    setContextMenu = (m: Tray['menu']) => void (this.menu = m);
    destroy = () => void (this.destroyed = true);
    isDestroyed = () => this.destroyed;
  }
  class Notification extends Emitter {
    static isSupported = () => true;
    constructor(readonly options: Record<string, unknown>) {
      super();
    }
    show = () => void state.notifications.push(this.options);
  }
  const app = {
    isPackaged: false,
    on: (e: string, fn: Fn) => state.app.on(e, fn),
    once: (e: string, fn: Fn) => state.app.once(e, fn),
    getPath: () => state.userData,
    quit: () => {
      const ev = preventable();
      state.app.emit('before-quit', ev);
      if (!ev.prevented) state.quitted = true;
    },
    exit: () => undefined,
    relaunch: (opts?: { args?: string[] }) => void state.relaunched.push(opts?.args),
  };
  const module = {
    app,
    BrowserWindow,
    Tray,
    Notification,
    Menu: { buildFromTemplate: (template: unknown) => ({ template }), setApplicationMenu: () => undefined },
    nativeImage: { createFromPath: (path: string) => ({ path }) },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Fn) => void (state.permissionRequest = fn),
        setPermissionCheckHandler: () => undefined,
        setDevicePermissionHandler: () => undefined,
        setCertificateVerifyProc: () => undefined,
      },
    },
    protocol: { handle: (_scheme: string, fn: typeof state.protocol) => void (state.protocol = fn), registerSchemesAsPrivileged: () => undefined },
    ipcMain: { handle: (channel: string, fn: Fn) => void state.ipc.set(channel, fn), removeHandler: (channel: string) => void state.ipc.delete(channel) },
    safeStorage: {
      isEncryptionAvailable: () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptString: (s: string) => Buffer.from(`sealed:${s}`),
      decryptString: (b: Buffer) => b.toString().slice('sealed:'.length),
    },
    dialog: {
      showMessageBox: async (opts: { message: string }) => (state.dialogs.push(opts.message), { response: 1 }),
      showErrorBox: () => undefined,
    },
  };
  return { state, module };
}

/** The one stand-in of the electron module: `vi.mock('electron', …)` hands out its `module`, tests read its `state`. */
export const fake = makeStandIn();

/** A fresh start for the next console shell: no windows, trays, IPC handlers or app listeners. */
export function resetStandIn(userData: string): void {
  const { state } = fake;
  state.windows.length = state.trays.length = state.notifications.length = 0;
  state.relaunched.length = state.dialogs.length = 0;
  state.ipc.clear();
  state.app.handlers.clear();
  state.quitted = false;
  state.userData = userData;
}
