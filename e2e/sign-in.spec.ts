import { chromium, expect, test, type Browser, type Page } from '@playwright/test';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { chromiumPath } from '../playwright.config.js';
import { startDirector, type RunningDirector } from './fixtures/director.js';
import { cliWithInput, prepareServer, trustExactly } from './fixtures/network-office.js';
import { configureOffice } from './fixtures/office.js';
import { readmeShot } from './fixtures/readme-shot.js';

// The web console of a Director on a network address (TLS only): the sign-in page, a `user`'s
// console, and a certificate the browser was not told to trust. Chromium trusts exactly the
// server's key (--ignore-certificate-errors-spki-list), nothing else.

let server: Awaited<ReturnType<typeof prepareServer>>;
let director: RunningDirector;
let browser: Browser;
let base: string;

test.beforeAll(async () => {
  server = await prepareServer([{ name: 'bob', role: 'user', password: 'bobs long password' }]);
  director = await startDirector({ configDir: server.configDir, listen: '0.0.0.0:0' });
  await configureOffice(director);
  base = `https://127.0.0.1:${new URL(director.consoleUrl).port}/`;
  browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', ...trustExactly(server.spki)] });
});
test.afterAll(async () => {
  await browser?.close();
  await director?.stop();
  await rm(server.configDir, { recursive: true, force: true });
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 850 } });
  return context.newPage();
}

test('a user signs in (a wrong password is refused), sees progress and About with the fingerprint, asks for a red-light backup and gets go', async () => {
  const page = await newPage();
  await page.goto(base);
  await expect(page.getByRole('heading', { name: 'Sign in to the HotBackup Director' })).toBeVisible();
  await expect(page.getByTestId('fingerprint')).toContainText(server.fingerprint);
  await page.getByLabel('Account').fill('bob');
  await page.getByLabel('Password').fill('not it');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('Wrong account name or password');
  await page.getByLabel('Password').fill('bobs long password');
  await readmeShot(page, 'sign-in');
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page.getByTestId('signed-in-as')).toContainText('Signed in as bob (user)');
  await expect(page.getByTestId('about-fingerprint')).toContainText(server.fingerprint);
  await expect(page.getByTestId('status')).toHaveText('Inactive');
  // A user gets no settings, schedule or Vault.
  await expect(page.getByRole('tab', { name: 'Schedule' })).toHaveCount(0);

  await page.getByRole('button', { name: 'Back Up Data Files' }).click();
  const ask = page.getByRole('alertdialog', { name: 'HotBackup Recommended' });
  await ask.getByRole('button', { name: 'Make a HotBackup' }).click();
  const green = page.getByRole('dialog', { name: 'HotBackup', exact: true });
  await expect(green).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('status')).toHaveText('Complete');
  const line = (await readFile(join(server.configDir, 'HotBackup', 'BACKUP.LOG'), 'utf8')).split('\n').find((l) => /^\d{8}\|/.test(l))!;
  expect(line.split('|').slice(1, 2)).toEqual(['Requested']);
  expect(line.split('|')[6]).toBe('bob');
});

test('plain HTTP to the network address is refused, and a replaced certificate is refused by the browser', async () => {
  const page = await newPage();
  const plain = await page.goto(base.replace('https:', 'http:'));
  expect(plain?.status()).toBe(400);
  await expect(page.locator('body')).toContainText('speaks HTTPS only');

  await director.stop();
  const renewed = cliWithInput(server.configDir, ['tls', 'renew'], '');
  expect(renewed.stdout).toMatch(/Old SHA-256 fingerprint: .*\nNew SHA-256 fingerprint: /);
  director = await startDirector({ configDir: server.configDir, listen: `0.0.0.0:${new URL(base).port}` });
  const refused = await page.goto(base).then(
    () => null,
    (e: Error) => e.message,
  );
  expect(refused).toMatch(/ERR_CERT/);
});
