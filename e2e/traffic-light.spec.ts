import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startDirector, type RunningDirector } from './fixtures/director.js';
import { configureOffice } from './fixtures/office.js';
import { readmeShot } from './fixtures/readme-shot.js';

let director: RunningDirector;
let oldMatters: string;
test.beforeEach(async () => {
  director = await startDirector();
  const office = await configureOffice(director, { scanBytes: 8 * 1024 * 1024 });
  oldMatters = join(director.configDir, 'Old Matters');
  await mkdir(oldMatters);
  await writeFile(join(oldMatters, 'closed-2019.txt'), 'Closed matters of 2019\n');
  const dirs = [
    { path: office.root, label: 'Office', exclude: [] },
    { path: oldMatters, label: 'Old Matters', exclude: [] },
  ];
  expect((await director.cli('settings', 'set', 'dataDirectories', JSON.stringify(dirs))).code).toBe(0);
});
test.afterEach(async () => {
  await director.stop();
});

const settings = async () => JSON.parse(await readFile(join(director.configDir, 'settings.json'), 'utf8'));
const cliStatus = async () => JSON.parse((await director.cli('status', '--json')).stdout);
const askDialog = (page: Page) => page.getByRole('alertdialog', { name: 'HotBackup Suggested' });
const greenDialog = (page: Page) => page.getByRole('dialog', { name: 'HotBackup', exact: true });
const oldMattersRow = (page: Page) => page.getByRole('row').filter({ hasText: 'Old Matters' });

async function openDirectories(page: Page) {
  await page.goto(director.consoleUrl);
  await page.getByRole('tab', { name: 'Data Directories' }).click();
  await expect(oldMattersRow(page)).toBeVisible();
}

async function noSeriousViolations(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

test('removing a data directory shows "HotBackup Suggested" with a red light; Cancel (keyboard) does nothing', async ({ page }) => {
  await openDirectories(page);
  const before = await readFile(join(director.configDir, 'settings.json'), 'utf8');
  await page.getByRole('button', { name: 'Remove Old Matters' }).click();

  const light = askDialog(page);
  await expect(light).toBeVisible();
  await expect(light.getByRole('img', { name: 'Red traffic light' })).toBeVisible();
  await expect(light).toContainText('"Remove data directory Old Matters" is not easy to undo.');
  await expect(light).toContainText('waits until the backup has completed and been validated');
  await expect(light.getByRole('button', { name: 'Make a HotBackup' })).toBeFocused();
  await readmeShot(page, 'light-red');
  await noSeriousViolations(page);

  // Keyboard only: Tab to "Continue without", Tab to "Cancel", Enter.
  await page.keyboard.press('Tab');
  await expect(light.getByRole('button', { name: 'Continue without' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(light.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await page.keyboard.press('Enter');

  await expect(light).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: 'Cancelled: Old Matters is still backed up.' })).toBeVisible();
  await expect(oldMattersRow(page)).toBeVisible();
  expect(await readFile(join(director.configDir, 'settings.json'), 'utf8')).toBe(before);
  const status = await cliStatus();
  expect(status.status).toBe('Inactive');
  expect(status.lastRun).toBeNull();
});

test('"Make a HotBackup" waits until the run has completed; the green light closes itself after about 10 s; then the directory goes', async ({ page }) => {
  await openDirectories(page);
  await page.getByRole('button', { name: 'Remove Old Matters' }).click();
  await askDialog(page).getByRole('button', { name: 'Make a HotBackup' }).click();
  await expect(askDialog(page)).toContainText('Waiting until the HotBackup has completed');
  await expect(askDialog(page).getByRole('button', { name: 'Continue without' })).toBeFocused();
  await expect(askDialog(page).getByRole('button', { name: 'Make a HotBackup' })).toHaveCount(0);
  await readmeShot(page, 'light-waiting');

  const green = greenDialog(page);
  await expect(green).toBeVisible({ timeout: 60_000 });
  const shownAt = Date.now();
  // A red light turns green only once the backup has completed, and the task has not run yet.
  await expect(page.getByTestId('status')).toHaveText('Complete');
  const status = await cliStatus();
  expect(status.lastRun).toMatchObject({ result: 'Succeeded', trigger: 'Requested' });
  await expect(green).toContainText(`HotBackup ${status.lastRun.id} has completed. You may go on with "Remove data directory Old Matters".`);
  await expect(green.getByRole('img', { name: 'Green traffic light' })).toBeVisible();
  await expect(green).toContainText(/closes by itself in \d+ s/);
  expect((await settings()).dataDirectories.map((d: { label: string }) => d.label)).toEqual(['Office', 'Old Matters']);
  await readmeShot(page, 'light-green');
  await noSeriousViolations(page);

  await expect(green).toHaveCount(0, { timeout: 15_000 });
  expect(Date.now() - shownAt).toBeGreaterThan(8_000);
  await expect(oldMattersRow(page)).toHaveCount(0);
  expect((await settings()).dataDirectories.map((d: { label: string }) => d.label)).toEqual(['Office']);
});

test('adding exclude patterns shows the yellow light; "Make a HotBackup" goes on once the data is captured', async ({ page }) => {
  await openDirectories(page);
  await page.getByRole('button', { name: 'Edit Office' }).click();
  await page.getByRole('textbox', { name: 'Exclude (one pattern per line)' }).fill('*.tmp');
  await page.getByRole('button', { name: 'Save', exact: true }).click();

  const light = askDialog(page);
  await expect(light.getByRole('img', { name: 'Yellow traffic light' })).toBeVisible();
  await expect(light).toContainText('goes on as soon as the backup has captured your data');
  await readmeShot(page, 'light-yellow');
  await noSeriousViolations(page);
  expect((await settings()).dataDirectories[0].exclude).toEqual([]);

  await light.getByRole('button', { name: 'Make a HotBackup' }).click();
  const green = greenDialog(page);
  await expect(green).toContainText('is in progress and has captured your data', { timeout: 60_000 });
  await green.getByRole('button', { name: 'OK' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved Office.' })).toBeVisible();
  expect((await settings()).dataDirectories[0].exclude).toEqual(['*.tmp']);
  await expect(page.getByTestId('status')).toHaveText('Complete', { timeout: 60_000 });
});

test('"Continue without" removes the directory at once and starts no backup', async ({ page }) => {
  await openDirectories(page);
  await page.getByRole('button', { name: 'Remove Old Matters' }).click();
  await askDialog(page).getByRole('button', { name: 'Continue without' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Removed Old Matters from the data directories.' })).toBeVisible();
  await expect(oldMattersRow(page)).toHaveCount(0);
  expect((await settings()).dataDirectories.map((d: { label: string }) => d.label)).toEqual(['Office']);
  const status = await cliStatus();
  expect(status.status).toBe('Inactive');
  expect(status.lastRun).toBeNull();
});
