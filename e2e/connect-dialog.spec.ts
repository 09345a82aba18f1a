import { expect, test } from '@playwright/test';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '../src-main/base/logger.js';
import type { MainIpc } from '../src-main/hosts/electron/ipc-adapter.js';
import { SERVER_CONNECT_CHANNEL, SERVER_PROBE_CHANNEL, SERVER_REMEMBERED_CHANNEL } from '../src-main/hosts/electron/preload-desktop.js';
import { attachServerIpc } from '../src-main/hosts/electron/server-ipc.js';
import { SERVER_FILE, type ServerLink } from '../src-main/hosts/electron/server-mode.js';
import type { SenderInfo } from '../src-main/hosts/electron/trusted-sender.js';
import { startDirector, type RunningDirector } from './fixtures/director.js';
import { prepareServer } from './fixtures/network-office.js';
import { readmeShot } from './fixtures/readme-shot.js';

// The desktop console's "Connect to a HotBackup server" page. Electron cannot run here: the
// page is our renderer in Chromium, and `window.hotbackupDesktop.server` is a stand-in that
// forwards to the real main-process handlers (server-ipc.ts), which probe and sign in to a real
// Director on a network address (TLS only).

let server: Awaited<ReturnType<typeof prepareServer>>;
let office: RunningDirector;
let pageHost: RunningDirector;
let pcConfig: string;
const links: ServerLink[] = [];

test.beforeAll(async () => {
  server = await prepareServer([{ name: 'bob', role: 'user', password: 'bobs long password' }]);
  office = await startDirector({ configDir: server.configDir, listen: '0.0.0.0:0' });
  pageHost = await startDirector();
  pcConfig = await mkdtemp(join(tmpdir(), 'hb-e2e-desktop-'));
});
test.afterAll(async () => {
  for (const l of links) await l.close();
  await pageHost?.stop();
  await office?.stop();
  await rm(pcConfig, { recursive: true, force: true });
  await rm(server.configDir, { recursive: true, force: true });
});

test('address → the certificate fingerprint to confirm → sign in; the server is remembered', async ({ page }) => {
  const handlers = new Map<string, (event: SenderInfo, ...args: unknown[]) => unknown>();
  const ipc: MainIpc = { handle: (c, fn) => void handlers.set(c, fn), removeHandler: (c) => void handlers.delete(c) };
  const origin = new URL(pageHost.consoleUrl).origin;
  attachServerIpc({ ipc, configDir: pcConfig, contentsId: () => 1, trustedOrigin: origin, logger: silentLogger, onConnected: (l) => void links.push(l) });
  const fromPage: SenderInfo = { sender: { id: 1 }, senderFrame: { url: `${origin}/`, parent: null } };
  for (const [name, channel] of [['hbRemembered', SERVER_REMEMBERED_CHANNEL], ['hbProbe', SERVER_PROBE_CHANNEL], ['hbConnect', SERVER_CONNECT_CHANNEL]] as const) {
    await page.exposeFunction(name, (...args: unknown[]) => handlers.get(channel)!(fromPage, ...args));
  }
  await page.addInitScript(() => {
    const w = window as unknown as Record<string, (...a: unknown[]) => Promise<unknown>> & { hotbackupDesktop: unknown };
    w.hotbackupDesktop = {
      savePdf: async () => ({ saved: false, path: null, error: 'not here' }),
      server: { remembered: () => w.hbRemembered!(), probe: (a: unknown) => w.hbProbe!(a), connect: (u: unknown, a: unknown, p: unknown) => w.hbConnect!(u, a, p) },
    };
  });
  await page.goto(`${origin}/#connect`);
  await expect(page.getByRole('heading', { name: 'Connect to a HotBackup server' })).toBeVisible();
  await page.getByLabel('Server address').fill('http://127.0.0.1:1');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('alert')).toContainText('HTTPS only');

  const port = new URL(office.consoleUrl).port;
  await page.getByLabel('Server address').fill(`127.0.0.1:${port}`);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByTestId('connect-fingerprint')).toHaveText(server.fingerprint);
  await readmeShot(page, 'connect-dialog');
  await page.getByRole('button', { name: 'Trust this server' }).click();
  await page.getByLabel('Account').fill('bob');
  await page.getByLabel('Password').fill('not it');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('Wrong account name or password');
  await page.getByLabel('Password').fill('bobs long password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('status')).toHaveText("Connected as user. Opening the server's console…");
  expect(links[0]).toMatchObject({ mode: 'server', account: 'bob', role: 'user' });
  const remembered = JSON.parse(await readFile(join(pcConfig, SERVER_FILE), 'utf8')) as { url: string; pin: { fingerprint: string } };
  expect(remembered).toMatchObject({ url: `https://127.0.0.1:${port}`, pin: { fingerprint: server.fingerprint } });

  // Next start: the remembered server, its pinned fingerprint, straight to sign-in.
  await page.reload();
  await expect(page.getByLabel('Account')).toHaveValue('bob');
  await expect(page.getByText(server.fingerprint)).toBeVisible();
});
