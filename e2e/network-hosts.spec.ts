import { chromium, expect, test, type Browser } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumPath } from '../playwright.config.js';
import { runCli, startDirector, type RunningDirector } from './fixtures/director.js';
import { makeTwoHosts, whyNoNetns, type TwoHosts } from './fixtures/netns.js';
import { prepareServer, trustExactly } from './fixtures/network-office.js';
import { configureOffice } from './fixtures/office.js';

// Acceptance on real network hosts: the Director on a "server" network namespace, the CLI and
// Chromium on a "PC" namespace, joined by a veth pair, over TLS only. The CLI pins the server's
// fingerprint; Chromium trusts exactly the server's key.

const skipped = whyNoNetns();
if (skipped) console.log(`network-hosts.spec: skipped: ${skipped}`);
test.skip(skipped !== null, skipped ?? '');

let hosts: TwoHosts;
let server: Awaited<ReturnType<typeof prepareServer>>;
let director: RunningDirector;
let pcConfig: string;
let browser: Browser;
let url: string;

test.beforeAll(async () => {
  hosts = makeTwoHosts();
  server = await prepareServer([{ name: 'bob', role: 'user', password: 'bobs long password' }]);
  // The office is configured before the Director starts (the CLI here cannot reach the server's namespace).
  await configureOffice({ configDir: server.configDir, cli: (...args: string[]) => runCli(server.configDir, args) } as RunningDirector);
  director = await startDirector({ configDir: server.configDir, listen: `${hosts.server.address}:0`, prefix: hosts.on('server') });
  url = `https://${hosts.server.address}:${new URL(director.consoleUrl).port}`;
  pcConfig = await mkdtemp(join(tmpdir(), 'hb-e2e-pc-'));
  browser = await chromium.launch({ executablePath: await hosts.chromiumOnPc(pcConfig, chromiumPath), args: ['--no-sandbox', '--disable-gpu', ...trustExactly(server.spki)] });
});
test.afterAll(async () => {
  await browser?.close();
  await director?.stop();
  hosts?.remove();
  if (pcConfig) await rm(pcConfig, { recursive: true, force: true });
  if (server) await rm(server.configDir, { recursive: true, force: true });
});

/** `hotbackup` on the PC, signed in to the server as bob. */
function cliOnPc(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const command = [...hosts.on('pc'), process.execPath, join(process.cwd(), 'bin', 'hotbackup.js'), '--config-dir', pcConfig, '--server', url, '--account', 'bob', ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOTBACKUP_PASSWORD: 'bobs long password' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

test('from the PC: the CLI pins the server, the console signs in and watches a run, a red-light backup answers go', async () => {
  // Plain HTTP from the PC to the server's address is refused.
  const page = await (await browser.newContext()).newPage();
  const plain = await page.goto(url.replace('https:', 'http:') + '/');
  expect(plain?.status()).toBe(400);

  const first = await cliOnPc(['--fingerprint', server.fingerprint, 'status']);
  expect(first.stderr).toContain(`Pinned ${hosts.server.address}:`);
  expect(first.stdout).toContain('Status: Inactive');

  await page.goto(url + '/');
  await page.getByLabel('Account').fill('bob');
  await page.getByLabel('Password').fill('bobs long password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-as')).toContainText('Signed in as bob (user)');
  await expect(page.getByTestId('about-fingerprint')).toContainText(server.fingerprint);

  // The CLI asks for a red-light backup; the console watches the run live.
  const request = cliOnPc(['request', '--level', 'recommended', '--wait', 'completed', '--task', 'Month end']);
  await expect(page.getByTestId('status')).not.toHaveText('Inactive', { timeout: 30_000 });
  await expect(page.getByTestId('status')).toHaveText('Complete', { timeout: 60_000 });
  const answer = await request;
  expect(answer.code).toBe(0);
  expect(answer.stdout).toMatch(/go: you can go on \(HotBackup \d{8}\)/);

  // The console asks for one too and gets go (green).
  await page.getByRole('button', { name: 'Back Up Data Files' }).click();
  await page.getByRole('alertdialog', { name: 'HotBackup Recommended' }).getByRole('button', { name: 'Make a HotBackup' }).click();
  await expect(page.getByRole('dialog', { name: 'HotBackup', exact: true })).toBeVisible({ timeout: 60_000 });

  const users = (await readFile(join(server.configDir, 'HotBackup', 'BACKUP.LOG'), 'utf8'))
    .split('\n')
    .filter((l) => /^\d{8}\|/.test(l))
    .map((l) => l.split('|')[6]);
  expect(users).toEqual(['bob', 'bob']);
});
