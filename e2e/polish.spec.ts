import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { startDirector, type RunningDirector } from './fixtures/director.js';
import { configureOffice } from './fixtures/office.js';
import { readmeShot } from './fixtures/readme-shot.js';
import { backup } from './fixtures/vault-fixture.js';

let director: RunningDirector;
test.beforeEach(async () => {
  director = await startDirector();
});
test.afterEach(async () => {
  await director.stop();
});

const dialogs: { tab: string; open: string; dialog: string; button: string }[] = [
  { tab: 'Notification', open: 'Add New Message', dialog: 'Notification Message', button: 'Save message' },
  { tab: 'Notification', open: 'Configure E-mail Server', dialog: 'Configure E-mail Server', button: 'Save' },
  { tab: 'Schedule', open: 'Schedule Recurring HotBackups', dialog: 'Schedule Recurring HotBackups', button: 'Add to schedule' },
  { tab: 'Data Directories', open: 'Add data directory', dialog: 'Add Data Directory', button: 'Save' },
];

test('at 1024×640 every form dialog shows its buttons without scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 640 });
  await page.goto(director.consoleUrl);
  for (const d of dialogs) {
    await page.getByRole('tab', { name: d.tab }).click();
    await page.getByRole('button', { name: d.open }).click();
    const dialog = page.getByRole('dialog', { name: d.dialog });
    await expect(dialog.getByRole('button', { name: d.button, exact: true })).toBeInViewport();
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeInViewport();
    if (d.dialog === 'Notification Message') await readmeShot(page, 'dialog-1024x640');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
  }
});

const background = (page: Page) => page.evaluate(() => getComputedStyle(document.querySelector('.tab-panel')!).backgroundColor);

test('the console follows the system dark theme', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(director.consoleUrl);
  await expect(page.getByRole('tab', { name: 'Schedule' })).toBeVisible();
  expect(await background(page)).toBe('rgb(255, 255, 255)');
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await background(page)).toBe('rgb(28, 34, 43)');
  await readmeShot(page, 'dark-theme');
});

test('one date format and counts that agree: "1 HotBackup", dates as the reader writes them', async ({ page }) => {
  await configureOffice(director, { scanBytes: 64 * 1024 });
  const id = await backup(director);
  await page.goto(director.consoleUrl);
  await page.getByRole('tab', { name: 'Vault' }).click();
  await expect(page.getByTestId('shown-count')).toHaveText('1 HotBackup');
  await expect(page.getByRole('heading', { name: 'History of the last 1 run', exact: true })).toBeVisible();
  const row = page.getByRole('grid', { name: 'HotBackups in the HotBackup folder' }).getByRole('row').filter({ hasText: id });
  const started = await page.evaluate(() => new Intl.DateTimeFormat(undefined, { month: 'short' }).format(new Date()));
  await expect(row).toContainText(started);
  await expect(row).not.toContainText(/\d{4}-\d{2}-\d{2}/);
  await expect(page.getByTestId('last-run')).not.toContainText(/\d{4}-\d{2}-\d{2}/);
});

test('first run goes in setup order: HotBackup folder with its free space → data directory → schedule → e-mail → back up now', async ({ page }) => {
  const office = await configureOffice(director, { scanBytes: 64 * 1024, addDirectory: false });
  await page.goto(director.consoleUrl);
  const steps = page.getByRole('list', { name: 'Setup steps' });
  await expect(steps.locator('[aria-current=step]')).toHaveText('1. HotBackup folder');
  // Each step reads apart from the next: its number inside it, and a gap between them (markers ran into the step before).
  await expect(steps.getByRole('listitem')).toHaveText(['1. HotBackup folder', '2. Data directories', '3. Schedule', '4. E-mail', '5. Back up now']);
  const boxes = await steps.getByRole('listitem').evaluateAll((items) => items.map((li) => li.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right, top: r.top })));
  for (let i = 1; i < boxes.length; i++) if (boxes[i]!.top === boxes[i - 1]!.top) expect(boxes[i]!.left - boxes[i - 1]!.right).toBeGreaterThanOrEqual(8);
  await expect(page.getByRole('button', { name: 'Add a data directory' })).toHaveCount(0);
  const folder = page.getByRole('region', { name: 'Nothing to back up yet' }).getByRole('textbox', { name: 'HotBackup folder' });
  await folder.fill('relative/folder');
  await expect(page.getByRole('region', { name: 'Nothing to back up yet' })).toContainText('relative path');
  await expect(page.getByRole('button', { name: 'Use this folder' })).toBeDisabled();
  const chosen = `${director.configDir}/Backups on the second disk`;
  await folder.fill(chosen);
  await expect(page.getByTestId('folder-free')).toContainText(/\d.* free on this drive; the folder is created at the first backup/);
  await readmeShot(page, 'first-run-folder');
  await page.getByRole('button', { name: 'Use this folder' }).click();

  await expect(steps.locator('[aria-current=step]')).toHaveText('2. Data directories');
  await expect(steps.getByRole('listitem').first()).toHaveText('✓ HotBackup folder');
  await page.getByRole('button', { name: 'Add a data directory' }).click();
  await page.getByRole('textbox', { name: 'Folder', exact: true }).fill(office.root);
  await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();

  const next = page.getByRole('region', { name: 'Finish setting up' });
  await expect(next.getByRole('list', { name: 'Setup steps' }).locator('[aria-current=step]')).toHaveText('3. Schedule');
  await next.getByRole('button', { name: 'Open Schedule' }).click();
  await expect(page.getByRole('tab', { name: 'Schedule' })).toHaveAttribute('aria-selected', 'true');
  await expect(next).toContainText('Be told when a backup fails');
  await page.getByRole('button', { name: 'Back Up Data Files' }).click();
  await expect(page.getByTestId('status')).toHaveText('Complete');
  await expect(next).toHaveCount(0);
  const saved = JSON.parse(await readFile(`${director.configDir}/settings.json`, 'utf8'));
  expect(saved.folder.path).toBe(chosen);
});
