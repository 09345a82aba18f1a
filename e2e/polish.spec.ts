import { expect, test, type Page } from '@playwright/test';
import { startDirector, type RunningDirector } from './director.js';
import { configureOffice } from './office.js';
import { readmeShot } from './readme-shot.js';
import { backup } from './vault-fixture.js';

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
  const row = page.getByRole('grid', { name: 'HotBackups in the HotBackup folder' }).getByRole('row').filter({ hasText: id });
  const started = await page.evaluate(() => new Intl.DateTimeFormat(undefined, { month: 'short' }).format(new Date()));
  await expect(row).toContainText(started);
  await expect(row).not.toContainText(/\d{4}-\d{2}-\d{2}/);
  await expect(page.getByTestId('last-run')).not.toContainText(/\d{4}-\d{2}-\d{2}/);
});
