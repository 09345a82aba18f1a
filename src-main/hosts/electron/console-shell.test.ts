// The console shell's wiring, run against a stand-in for the electron module (no Electron
// binary here): window security, app:// serving, IPC, tray, taskbar, notification, quit.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fake, type Call } from './testing/electron-stand-in.js';

vi.mock('electron', async () => (await import('./testing/electron-stand-in.js')).fake.module);
const { startConsoleShell } = await import('./console-shell.js');
const { createDirector } = await import('../../director/director.js');
const { silentLogger } = await import('../../base/logger.js');
const { startService } = await import('../service/service.js');

describe('console shell (with a stand-in electron module)', () => {
  let dir: string;
  const { state } = fake;
  const win = () => state.windows[0]!;
  const tray = () => state.trays[0]!;
  const fromWindow = { sender: { id: 41 }, senderFrame: { url: 'app://console/index.html', parent: null } };
  const invoke = (name: string, input: unknown, event: unknown = fromWindow) =>
    (state.ipc.get('hotbackup:invoke') as Call)(event, name, input) as Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hb-shell-'));
    state.userData = join(dir, 'config', 'console');
    await mkdir(join(dir, 'renderer'), { recursive: true });
    await writeFile(join(dir, 'renderer', 'index.html'), '<!doctype html><title>HotBackup</title>');
    await startConsoleShell(
      { configDir: join(dir, 'config'), hidden: false, connect: false },
      { preload: join(dir, 'preload.cjs'), renderer: join(dir, 'renderer'), icons: join(dir, 'icons'), appIcon: join(dir, 'icon.png') },
    );
  });
  afterAll(async () => {
    if (!state.quitted) fake.module.app.quit();
    await rm(dir, { recursive: true, force: true });
  });

  it('opens one locked-down window on app://console with our preload', () => {
    expect(state.windows).toHaveLength(1);
    expect(win().url).toBe('app://console/index.html');
    expect(win().options.webPreferences).toMatchObject({
      preload: join(dir, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    win().emit('ready-to-show');
    expect(win().visible).toBe(true);
  });

  it('denies permissions, new windows and foreign navigation', () => {
    const answers: boolean[] = [];
    (state.permissionRequest as Call)(null, 'media', (ok: boolean) => answers.push(ok));
    (state.permissionRequest as Call)(null, 'clipboard-sanitized-write', (ok: boolean) => answers.push(ok));
    expect(answers).toEqual([false, true]);
    expect((win().webContents.openHandler as Call)({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    const nav = (url: string) => {
      let prevented = false;
      win().webContents.emit('will-navigate', { url, preventDefault: () => (prevented = true) });
      return prevented;
    };
    expect(nav('https://example.com/')).toBe(true);
    expect(nav('file:///etc/passwd')).toBe(true);
    expect(nav('app://console/index.html')).toBe(false);
  });

  it('serves the renderer on app:// with its CSP, and nothing outside it', async () => {
    const ok = await state.protocol!(new Request('app://console/index.html'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await ok.text()).toContain('<title>HotBackup</title>');
    expect((await state.protocol!(new Request('app://console/missing.js'))).status).toBe(404);
    expect((await state.protocol!(new Request('app://other/index.html'))).status).toBe(404);
  });

  it('answers our window over IPC and refuses anyone else', async () => {
    expect(await invoke('status.get', {})).toMatchObject({ ok: true, value: { status: 'Inactive' } });
    expect(await invoke('status.get', {}, { ...fromWindow, sender: { id: 99 } })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('runs "Back Up Data Files" from the tray: taskbar progress, tray tooltip, one notification', async () => {
    expect(tray().tooltip).toBe('HotBackup — Inactive');
    const data = join(dir, 'data');
    await mkdir(data);
    await writeFile(join(data, 'ledger.txt'), 'x'.repeat(100_000));
    expect(await invoke('settings.update', { folder: { path: join(dir, 'backups') }, dataDirectories: [{ path: data }] })).toMatchObject({ ok: true });

    const item = (label: string) => tray().menu!.template.find((i) => i.label === label)!;
    item('Back Up Data Files').click!();
    await vi.waitFor(() => expect(state.notifications).toHaveLength(1), { timeout: 30_000 });
    expect(state.notifications[0]).toMatchObject({ title: 'HotBackup succeeded', timeoutType: 'default' });
    expect(win().progress.at(-1)).toEqual([-1, 'none']);
    expect(win().progress.some(([v]) => typeof v === 'number' && v >= 0)).toBe(true);
    expect(tray().menu!.template.some((i) => i.label?.startsWith('Last backup: succeeded'))).toBe(true);
    expect(win().webContents.sent.some((m) => m[0] === 'hotbackup:event' && m[1] === 'status.changed')).toBe(true);
  });

  it('closing the window hides it; Quit stops the Director and releases the lock', async () => {
    const lock = join(dir, 'config', 'director.lock');
    win().close();
    expect(win().destroyed).toBe(false);
    expect(win().visible).toBe(false);
    expect(existsSync(lock)).toBe(true);

    tray().menu!.template.find((i) => i.label === 'Quit HotBackup')!.click!();
    await vi.waitFor(() => expect(state.quitted).toBe(true), { timeout: 10_000 });
    expect(existsSync(lock)).toBe(false);
    expect(tray().destroyed).toBe(true);
    expect(existsSync(join(dir, 'config', 'console', 'window-state.json'))).toBe(true);
  });
});

describe('console shell joining a headless Director', () => {
  const { state } = fake;
  let dir: string;
  let stopHeadless: () => Promise<void>;
  let consoleUrl: string;

  beforeAll(async () => {
    state.windows.length = state.trays.length = state.notifications.length = 0;
    state.ipc.clear();
    state.app.handlers.clear();
    state.quitted = false;
    dir = await mkdtemp(join(tmpdir(), 'hb-shell-remote-'));
    state.userData = join(dir, 'console');
    const director = await createDirector({ configDir: dir, logger: silentLogger });
    const service = await startService({ director, port: 0 });
    consoleUrl = service.consoleUrl;
    stopHeadless = async () => {
      await service.close();
      await director.close();
    };
    await startConsoleShell({ configDir: dir, hidden: true, connect: false }, { preload: 'p.cjs', renderer: 'r', icons: 'i', appIcon: 'a.png' });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("shows the headless Director's own console, without our preload or IPC", () => {
    const win = state.windows[0]!;
    expect(win.url).toBe(consoleUrl);
    expect((win.options.webPreferences as Record<string, unknown>).preload).toBeUndefined();
    expect(state.ipc.size).toBe(0);
    win.emit('ready-to-show');
    expect(win.visible).toBe(false); // --hidden: tray only
    let prevented = false;
    win.webContents.emit('will-navigate', { url: `${new URL(consoleUrl).origin}/other`, preventDefault: () => (prevented = true) });
    expect(prevented).toBe(false);
  });

  it('the tray says the Director keeps running; when it stops, the console says so and quits', async () => {
    await vi.waitFor(() => expect(state.trays[0]!.menu!.template.some((i) => i.label === 'Quit Console (the Director keeps running)')).toBe(true));
    await stopHeadless();
    await vi.waitFor(() => expect(state.quitted).toBe(true), { timeout: 10_000 });
    expect(state.notifications).toEqual([expect.objectContaining({ title: 'HotBackup Director stopped', timeoutType: 'never' })]);
  });
});
