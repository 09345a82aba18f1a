// The tray's "Connect to a HotBackup Server…" and "Disconnect…", run against the stand-in electron
// module (no Electron binary here) and a real Director on a network address (TLS only): the
// console starts again in the other mode, the server is remembered until Disconnect forgets it,
// and a Connect window closed without connecting leaves the PC on its own Director.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fake, resetStandIn, type Call } from './testing/electron-stand-in.js';

vi.mock('electron', async () => (await import('./testing/electron-stand-in.js')).fake.module);
const { startConsoleShell } = await import('./console-shell.js');
const { AccountStore } = await import('../../director/accounts/account-store.js');
const { createDirector } = await import('../../director/director.js');
const { silentLogger } = await import('../../base/logger.js');
const { startService } = await import('../service/service.js');
const { SERVER_CONNECT_CHANNEL, SERVER_PROBE_CHANNEL } = await import('./preload-desktop.js');
const { loadRememberedServer, SERVER_FILE } = await import('./server-mode.js');
const { relaunchArgs } = await import('./shell-args.js');

const { state } = fake;
let root: string;
let pc: string;
let stopServer: () => Promise<void>;
let serverPort = 0;
const paths = () => ({ preload: join(root, 'preload.cjs'), renderer: join(root, 'renderer'), icons: join(root, 'icons'), appIcon: join(root, 'icon.png') });
const trayItem = (label: string) => state.trays.at(-1)!.menu?.template.find((i) => i.label === label);
const fromConnectWindow = { sender: { id: 41 }, senderFrame: { url: 'app://console/index.html#connect', parent: null } };
const ipc = (channel: string, ...args: unknown[]) => (state.ipc.get(channel) as Call)(fromConnectWindow, ...args) as Promise<{ ok: boolean; value?: unknown; error?: string }>;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-console-connect-'));
  pc = join(root, 'pc');
  await mkdir(join(root, 'renderer'), { recursive: true });
  await writeFile(join(root, 'renderer', 'index.html'), '<!doctype html><title>HotBackup</title>');
  const director = await createDirector({ configDir: join(root, 'server'), logger: silentLogger, home: root, schedule: false });
  await new AccountStore(join(root, 'server'), undefined, { N: 1024, r: 8, p: 1 }).add('bob', 'user', 'bobs long password');
  const service = await startService({ director, host: '0.0.0.0', port: 0, rendererDir: join(root, 'none') });
  serverPort = service.port;
  stopServer = async () => {
    await service.close();
    await director.close();
  };
});
afterAll(async () => {
  await stopServer();
  await rm(root, { recursive: true, force: true });
});
beforeEach(() => resetStandIn(join(pc, 'console')));

/** Close the Connect window as the person does (the stand-in's close() emits no 'closed'). */
function closeConnectWindow() {
  const win = state.windows[0]!;
  win.destroyed = true;
  win.emit('closed');
}

describe('tray: Connect to a HotBackup Server… / Disconnect…', () => {
  it("on this computer's Director, Connect starts the console again with --connect, after stopping the Director", async () => {
    await startConsoleShell({ configDir: pc, hidden: true, connect: false }, paths());
    expect(state.windows[0]!.url).toBe('app://console/index.html');
    await vi.waitFor(() => expect(trayItem('Connect to a HotBackup Server…')).toBeDefined());
    expect(existsSync(join(pc, 'director.lock'))).toBe(true);
    trayItem('Connect to a HotBackup Server…')!.click!();
    await vi.waitFor(() => expect(state.quitted).toBe(true), { timeout: 10_000 });
    expect(state.relaunched).toEqual([relaunchArgs(process.argv.slice(1), true)]);
    expect(state.relaunched[0]).toContain('--connect');
    expect(existsSync(join(pc, 'director.lock'))).toBe(false);
  });

  it("a Connect window closed without connecting leaves the PC on its own Director", async () => {
    const started = startConsoleShell({ configDir: pc, hidden: true, connect: true }, paths());
    await vi.waitFor(() => expect(state.windows[0]?.url).toBe('app://console/index.html#connect'));
    closeConnectWindow();
    await started;
    expect(state.windows[1]!.url).toBe('app://console/index.html');
    await vi.waitFor(() => expect(trayItem('Connect to a HotBackup Server…')).toBeDefined());
    expect(await loadRememberedServer(pc)).toBeNull();
    fake.module.app.quit();
    await vi.waitFor(() => expect(state.quitted).toBe(true), { timeout: 10_000 });
    expect(state.relaunched).toEqual([]);
  });

  it('connected, the server is remembered and the tray offers Disconnect, which forgets it and starts the console again on this PC', async () => {
    const started = startConsoleShell({ configDir: pc, hidden: true, connect: true }, paths());
    await vi.waitFor(() => expect(state.ipc.has(SERVER_PROBE_CHANNEL)).toBe(true));
    const probed = await ipc(SERVER_PROBE_CHANNEL, `127.0.0.1:${serverPort}`);
    expect(probed.ok).toBe(true);
    const url = (probed.value as { url: string }).url;
    expect(await ipc(SERVER_CONNECT_CHANNEL, url, 'bob', 'bobs long password')).toEqual({ ok: true, value: { role: 'user' } });
    await started;
    expect(state.windows[1]!.url).toMatch(new RegExp(`^https://127\\.0\\.0\\.1:${serverPort}/#token=`));
    expect(existsSync(join(pc, 'director.lock'))).toBe(false); // no Director of its own
    expect(await loadRememberedServer(pc)).toMatchObject({ url, account: 'bob' });
    await vi.waitFor(() => expect(trayItem("Disconnect (Use This Computer's Director)…")).toBeDefined());
    expect(trayItem('Connect to a HotBackup Server…')).toBeUndefined();

    trayItem("Disconnect (Use This Computer's Director)…")!.click!();
    await vi.waitFor(() => expect(state.quitted).toBe(true), { timeout: 10_000 });
    expect(state.dialogs).toEqual([`Disconnect from ${url}?`]);
    expect(existsSync(join(pc, SERVER_FILE))).toBe(false);
    expect(state.relaunched).toEqual([relaunchArgs(process.argv.slice(1), false)]);
    expect(state.relaunched[0]).not.toContain('--connect');
  });
});
