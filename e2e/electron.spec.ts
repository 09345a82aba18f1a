import { localAdmin } from '../shared/roles.js';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDirector, type Director } from '../src-main/director/director.js';
import { silentLogger } from '../src-main/base/logger.js';
import { CONSOLE_CSP, contentTypeOf, resolveAppRequest } from '../src-main/hosts/electron/app-path.js';
import { attachIpcAdapter, type MainIpc } from '../src-main/hosts/electron/ipc-adapter.js';
import type { E2eHooks } from '../src-main/hosts/electron/test-hooks.js';
import type { SenderInfo } from '../src-main/hosts/electron/trusted-sender.js';

// The desktop shell end to end: a real Electron running dist/electron-main.js on its own
// config directory. Runs wherever an Electron binary is installed; skips, saying why, elsewhere.

function electronBinary(): { path: string } | { why: string } {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    if (typeof path !== 'string' || !existsSync(path)) return { why: `the electron package points at ${String(path)}, which does not exist` };
    if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
      return { why: 'there is no display (run the tests under xvfb-run)' };
    }
    return { path };
  } catch (err) {
    return { why: `require('electron') failed: ${(err as Error).message.split('\n')[0]}` };
  }
}

const binary = electronBinary();
const skipReason = 'path' in binary ? null : `Electron shell e2e skipped: ${binary.why}. Install Electron ("npm run desktop:install" on a machine that can download it) to run it.`;
const mainJs = join(process.cwd(), 'dist', 'electron-main.js');
const tray = (app: ElectronApplication): Promise<ReturnType<E2eHooks['tray']>> => app.evaluate(() => globalThis.__hotbackupE2E!.tray());

test.describe('Electron console', () => {
  if (skipReason) console.log(skipReason);
  test.skip(skipReason !== null, skipReason ?? '');

  let configDir: string;
  let app: ElectronApplication;
  let page: Page;

  test.beforeEach(async () => {
    configDir = await mkdtemp(join(tmpdir(), 'hb-electron-'));
    app = await electron.launch({
      executablePath: (binary as { path: string }).path,
      args: [mainJs, '--config-dir', configDir],
      env: { ...process.env, HOTBACKUP_E2E: '1', HOTBACKUP_CONFIG_DIR: configDir },
    });
    page = await app.firstWindow();
  });
  test.afterEach(async () => {
    await app.close().catch(() => undefined);
    await rm(configDir, { recursive: true, force: true });
  });

  test('window opens on our console, Folder tab round trip, Back Up Data Files completes and the tray follows it', async () => {
    await expect(page).toHaveTitle('HotBackup');
    expect(page.url()).toBe('app://console/index.html');
    expect(await app.evaluate(() => globalThis.__hotbackupE2E?.mode)).toBe('embedded');
    expect(await page.evaluate(() => Object.keys(window.hotbackup ?? {}).sort())).toEqual(['invoke', 'on']);
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');

    // Folder tab round trip through the preload and the IPC adapter.
    const backups = join(configDir, 'Backups');
    const field = (name: string) => page.getByRole('tabpanel').getByRole('textbox', { name, exact: true });
    await page.getByRole('tab', { name: 'Folder' }).click();
    await field('HotBackup folder').fill(backups);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await page.reload();
    await page.getByRole('tab', { name: 'Folder' }).click();
    await expect(field('HotBackup folder')).toHaveValue(backups);
    expect(JSON.parse(await readFile(join(configDir, 'settings.json'), 'utf8')).folder.path).toBe(backups);

    // Something to back up, then "Back Up Data Files" from the tray menu.
    const data = join(configDir, 'Office Data');
    await mkdir(data, { recursive: true });
    await writeFile(join(data, 'letter.txt'), 'Dear client,\n'.repeat(1000));
    const saved = await page.evaluate((path) => window.hotbackup!.invoke('settings.update', { dataDirectories: [{ path, label: 'Office', exclude: [] }] }), data);
    expect(saved.ok).toBe(true);
    await app.evaluate(() => globalThis.__hotbackupE2E!.trayAction('backup'));

    await expect.poll(async () => (await tray(app)).items[3], { timeout: 60_000 }).toMatchObject({ label: expect.stringMatching(/^Last backup: succeeded /) });
    const tooltips = await app.evaluate(() => globalThis.__hotbackupE2E!.tooltips());
    expect(tooltips).toContainEqual(expect.stringMatching(/^HotBackup — (Pending|Saving|Validating|Cleanup): .+, \d+% overall$/));
    expect((await tray(app)).icon).toMatch(/^(succeeded|idle)$/);
    expect(await readFile(join(backups, 'BACKUP.LOG'), 'utf8')).toMatch(/\|Succeeded\|/);
  });

  test('refuses to navigate away or open windows', async () => {
    await page.evaluate(() => {
      window.open('https://example.invalid/');
      window.location.href = 'https://example.invalid/';
    });
    const log = () => readFile(join(configDir, 'logs', 'console.log'), 'utf8').catch(() => '');
    await expect.poll(log).toContain('blocked a new window for https://example.invalid/');
    await expect.poll(log).toContain('blocked navigation to https://example.invalid/');
    expect(page.url()).toBe('app://console/index.html');
    expect(app.windows()).toHaveLength(1);
  });

  test('a second launch hands over to the first; closing keeps the tray; Quit releases the Director', async () => {
    const second = spawn((binary as { path: string }).path, [mainJs, '--config-dir', configDir], { stdio: 'ignore', env: { ...process.env, HOTBACKUP_E2E: '1' } });
    const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
    expect(code).toBe(0);
    expect(app.windows()).toHaveLength(1);

    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.close());
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.isVisible()))).toEqual([false]);
    expect(existsSync(join(configDir, 'director.lock'))).toBe(true);

    const exited = new Promise((resolve) => app.process().once('exit', resolve));
    await app.evaluate(() => globalThis.__hotbackupE2E!.trayAction('quit')).catch(() => undefined);
    await exited;
    expect(existsSync(join(configDir, 'director.lock'))).toBe(false);
  });
});

/**
 * Where no Electron binary exists, the next best thing: Chromium shows the built console
 * under the window's CSP, with the real preload bundle (dist/preload.cjs) given a stand-in
 * ipcRenderer, talking to the real IPC adapter and a real Director in this process.
 */
test.describe('the console as the Electron window runs it, emulated in Chromium', () => {
  let dir: string;
  let director: Director;
  let server: Server;
  let origin: string;

  test.beforeEach(async ({ page }) => {
    dir = await mkdtemp(join(tmpdir(), 'hb-window-'));
    director = await createDirector({ configDir: dir, logger: silentLogger });
    const rendererDir = join(process.cwd(), 'dist-renderer');
    server = createServer((req, res) => {
      const file = resolveAppRequest(rendererDir, `app://console${new URL(req.url ?? '/', 'http://x').pathname}`);
      readFile(file ?? '\0')
        .then((body) => res.writeHead(200, { 'Content-Type': contentTypeOf(file!), 'Content-Security-Policy': CONSOLE_CSP }).end(body))
        .catch(() => res.writeHead(404).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const handlers = new Map<string, (event: SenderInfo, ...args: unknown[]) => unknown>();
    const ipc: MainIpc = { handle: (channel, fn) => void handlers.set(channel, fn), removeHandler: (channel) => void handlers.delete(channel) };
    attachIpcAdapter({
      ipc,
      openSession: director.openSession,
      contents: () => ({
        id: 1,
        isDestroyed: () => page.isClosed(),
        send: (...args) => void page.evaluate((a) => (window as unknown as { __hbDeliver(...x: unknown[]): void }).__hbDeliver(...a), args).catch(() => undefined),
      }),
      trustedOrigin: origin,
      logger: silentLogger,
    });
    await page.exposeFunction('__hbInvoke', (channel: string, ...args: unknown[]) =>
      handlers.get(channel)!({ sender: { id: 1 }, senderFrame: { url: page.url(), parent: null } }, ...args),
    );
    const preload = await readFile(join(process.cwd(), 'dist', 'preload.cjs'), 'utf8');
    await page.addInitScript({
      content: `(() => {
        const listeners = new Map();
        const ipcRenderer = {
          invoke: (channel, ...args) => window.__hbInvoke(channel, ...args),
          on: (channel, l) => { if (!listeners.has(channel)) listeners.set(channel, new Set()); listeners.get(channel).add(l); },
          removeListener: (channel, l) => { listeners.get(channel)?.delete(l); },
        };
        Object.defineProperty(window, '__hbDeliver', { value: (channel, ...args) => { for (const l of listeners.get(channel) ?? []) l({ sender: 'electron internals' }, ...args); } });
        const contextBridge = { exposeInMainWorld: (key, api) => Object.defineProperty(window, key, { value: Object.freeze(api) }) };
        const require = (name) => { if (name === 'electron') return { contextBridge, ipcRenderer }; throw new Error('a sandboxed preload cannot require ' + name); };
        const module = { exports: {} };
        (function (require, module, exports) {\n${preload}\n})(require, module, module.exports);
      })();`,
    });
  });
  test.afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
    await director.close();
    // Something of the Director may still be finishing a write in its folder for a moment after close.
    await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  });

  test('Folder tab round trip over the preload bridge, no WebSocket, no CSP violation', async ({ page }) => {
    const sockets: string[] = [];
    const violations: string[] = [];
    page.on('websocket', (ws) => sockets.push(ws.url()));
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${origin}/index.html`);
    expect(await page.evaluate(() => Object.keys(window.hotbackup ?? {}).sort())).toEqual(['invoke', 'on']);

    const backups = join(dir, 'Backups');
    const field = (name: string) => page.getByRole('tabpanel').getByRole('textbox', { name, exact: true });
    await page.getByRole('tab', { name: 'Folder' }).click();
    await expect(field('HotBackup folder')).not.toHaveValue('');
    await field('HotBackup folder').fill(backups);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await page.reload();
    await page.getByRole('tab', { name: 'Folder' }).click();
    await expect(field('HotBackup folder')).toHaveValue(backups);
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')).folder.path).toBe(backups);

    // Director events reach the page through the event channel, without the Electron event.
    const seen = page.evaluate(
      () => new Promise((resolve) => window.hotbackup!.on('settings.changed', (...args) => resolve(args.length === 1 ? args[0] : args))),
    );
    await director.invoke('settings.update', { retention: { recent: 9 } }, { clientId: 'test', identity: localAdmin('test'), emit: () => undefined, onDisconnect: () => undefined });
    expect(await seen).toMatchObject({ retention: { recent: 9 } });
    await expect(page.getByRole('textbox', { name: 'Recent', exact: true })).toHaveValue('9');

    // Names outside the contract never leave the page.
    expect(await page.evaluate(() => window.hotbackup!.invoke('fs.read' as never, {} as never))).toMatchObject({ ok: false, error: { code: 'UNKNOWN_REQUEST' } });
    expect(sockets).toEqual([]);
    expect(violations).toEqual([]);
  });
});
