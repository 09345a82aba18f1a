import { chromium, expect, test, type Browser } from '@playwright/test';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { chromiumPath } from '../playwright.config.js';
import { startDirector, type RunningDirector } from './fixtures/director.js';
import { prepareServer, trustExactly } from './fixtures/network-office.js';
import { configureOffice } from './fixtures/office.js';
import { readmeShot } from './fixtures/readme-shot.js';

// An operator signed in to the web console of a network Director restores a backup: the wizard
// offers only a new folder in the admin's restore folder (no folder of their choosing, no restore
// over the data), and the files land in <restore folder>/<ID>-<time> on the server.

let server: Awaited<ReturnType<typeof prepareServer>>;
let director: RunningDirector;
let browser: Browser;
let base: string;

test.beforeAll(async () => {
  server = await prepareServer([{ name: 'olga', role: 'operator', password: 'olgas long password' }]);
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

test('an operator restores only into a new folder in the restore folder; the files land there', async () => {
  expect((await director.cli('backup')).code).toBe(0);
  const id = (JSON.parse((await director.cli('list', '--json')).stdout) as { records: { id: string }[] }).records[0]!.id;
  const restores = join(server.configDir, 'Restores');
  expect((await director.cli('settings', 'set', 'restore.folder', restores)).code).toBe(0);

  const page = await (await browser.newContext({ viewport: { width: 1200, height: 850 } })).newPage();
  await page.goto(base);
  await page.getByLabel('Account').fill('olga');
  await page.getByLabel('Password').fill('olgas long password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('signed-in-as')).toContainText('Signed in as olga (operator)');
  await page.getByRole('tab', { name: 'Vault' }).click();
  const table = page.getByRole('grid', { name: 'HotBackups in the HotBackup folder' });
  const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: id, exact: true }) });
  await row.getByRole('checkbox').locator('xpath=ancestor::label[1]').click();
  await page.getByRole('button', { name: 'Restore…' }).click();
  const wizard = page.getByRole('dialog', { name: `Restore HotBackup ${id}` });
  await expect(wizard.getByRole('radio', { name: /Into a new folder in the restore folder/ })).toBeChecked();
  await expect(wizard.getByRole('radio')).toHaveCount(3); // what: everything / chosen; where: the restore folder only
  await expect(wizard.getByRole('textbox', { name: 'New folder' })).toHaveCount(0);
  await expect(wizard.getByRole('radio', { name: 'Over the original data directories' })).toHaveCount(0);
  await expect(wizard.getByTestId('restore-summary')).toContainText(`into a new folder in ${restores}`);
  await readmeShot(page, 'vault-restore-operator');
  await wizard.getByRole('button', { name: 'Restore', exact: true }).click();
  await expect(wizard.getByRole('status')).toContainText(`into ${join(restores, `${id}-`)}`);

  const made = await readdir(restores);
  expect(made).toHaveLength(1);
  expect(made[0]).toMatch(new RegExp(`^${id}-\\d{8}-\\d{6}$`));
  expect(await readdir(join(restores, made[0]!, 'Office'))).toEqual(expect.arrayContaining(['Clients', 'Ledger']));
  expect(await readFile(join(server.configDir, 'logs', 'director.log'), 'utf8')).toContain(`restore of ${id} into ${join(restores, made[0]!)} by olga started`);
});
