import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startDirector, type RunningDirector } from './fixtures/director.js';
import { configureOffice } from './fixtures/office.js';
import { readmeShot } from './fixtures/readme-shot.js';
import { backup, listJson } from './fixtures/vault-fixture.js';

let director: RunningDirector;
test.beforeEach(async () => {
  director = await startDirector();
});
test.afterEach(async () => {
  await director.stop();
});

// Inside the selected tab: the first-run panel above the tabs has a "HotBackup folder" field too.
const field = (page: Page, name: string) => page.getByRole('tabpanel').getByRole('textbox', { name, exact: true });
const settingsOnDisk = async () => JSON.parse(await readFile(join(director.configDir, 'settings.json'), 'utf8'));

async function openFolderTab(page: Page) {
  await page.goto(director.consoleUrl);
  await page.getByRole('tab', { name: 'Folder' }).click();
  await expect(field(page, 'Recent')).not.toHaveValue('');
}

test('two consoles edit the same settings: the stale save is refused with "changed in another console" and what changed', async ({ browser }) => {
  const a = await (await browser.newContext()).newPage();
  const b = await (await browser.newContext()).newPage();
  await openFolderTab(a);
  await openFolderTab(b);

  // A starts editing; B saves first.
  await field(a, 'HotBackup folder').fill(join(director.configDir, 'From A'));
  await field(b, 'Recent').fill('6');
  await b.getByRole('button', { name: 'Save' }).click();
  await expect(b.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();

  await a.getByRole('button', { name: 'Save' }).click();
  const refusal = a.getByRole('alert').filter({ hasText: 'changed in another console' });
  await expect(refusal).toContainText('Recent: 4 → 6');
  await readmeShot(a, 'settings-conflict');
  expect((await settingsOnDisk()).retention.recent).toBe(6);
  expect((await settingsOnDisk()).folder.path).not.toContain('From A');

  // Revert shows B's values; the change made again on top of them is saved.
  await a.getByRole('button', { name: 'Revert' }).click();
  await expect(field(a, 'Recent')).toHaveValue('6');
  await field(a, 'HotBackup folder').fill(join(director.configDir, 'From A'));
  await a.getByRole('button', { name: 'Save' }).click();
  await expect(a.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  expect(await settingsOnDisk()).toMatchObject({ retention: { recent: 6 }, folder: { path: join(director.configDir, 'From A') } });
});

test('lowering Recent/Archive first lists the backups the next run will delete and asks; Cancel saves nothing', async ({ page }) => {
  await configureOffice(director, { scanBytes: 256 * 1024 });
  const ids = [await backup(director), await backup(director), await backup(director)];
  await openFolderTab(page);
  const before = await settingsOnDisk();

  await field(page, 'Recent').fill('1');
  await field(page, 'Archive').fill('0');
  await page.getByRole('button', { name: 'Save' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete 3 HotBackups at the next run?' });
  await expect(dialog).toBeVisible();
  for (const id of ids) await expect(dialog.getByTestId('retention-deletes')).toContainText(id);
  await readmeShot(page, 'retention-confirm');

  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Nothing was saved.' })).toBeVisible();
  expect(await settingsOnDisk()).toEqual(before);

  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Save and delete at the next run' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  expect((await settingsOnDisk()).retention).toEqual({ recent: 1, archive: 0 });
  // Nothing is deleted by saving; the next run does what the dialog said.
  expect((await listJson(director)).map((r) => r.id).sort()).toEqual([...ids].sort());
  const next = await backup(director);
  expect((await listJson(director)).map((r) => r.id)).toEqual([next]);
});

test('raising the counts, or lowering them where nothing would go, saves without asking', async ({ page }) => {
  await openFolderTab(page);
  await field(page, 'Recent').fill('2');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('engine options and the schedule time zone are set in the console, checked like the CLI', async ({ page }) => {
  await page.goto(director.consoleUrl);
  await page.getByRole('tab', { name: 'Data Directories' }).click();
  const size = field(page, 'Volume size');
  await expect(size).toHaveValue('1 GiB');
  await size.fill('100k');
  await page.getByRole('button', { name: 'Save options' }).click();
  await expect(size).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Volume size must be at least 1 MiB (100k is 100 KB)')).toBeVisible();
  expect((await settingsOnDisk()).engine.volumeSize).toBe(1024 ** 3);

  await size.fill('650 MiB');
  await page.getByText('none (faster, for data that is already compressed)').click();
  await page.getByText('Include files that keep changing (with a warning)').click();
  await expect(page.getByRole('checkbox', { name: /Include files that keep changing/ })).toBeChecked();
  await page.getByRole('button', { name: 'Save options' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  expect((await settingsOnDisk()).engine).toMatchObject({ volumeSize: 650 * 1024 ** 2, compression: 'none', includeUnsettled: true });
  expect((await director.cli('engine', 'show')).stdout).toMatch(/volume size: 650 MiB/);

  await page.getByRole('tab', { name: 'Schedule' }).click();
  const zone = page.getByRole('combobox', { name: 'Time zone of the schedule' });
  await zone.click();
  await zone.fill('');
  await zone.pressSequentially('Berlin');
  await page.getByRole('option', { name: 'Europe/Berlin' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Schedule times are now in Europe/Berlin.' })).toBeVisible();
  expect((await settingsOnDisk()).schedule.timeZone).toBe('Europe/Berlin');
  await expect(page.getByText('(time zone Europe/Berlin)')).toBeVisible();
});

test('a data directory label already used is refused in the dialog', async ({ page }) => {
  const office = await configureOffice(director, { scanBytes: 64 * 1024 });
  await page.goto(director.consoleUrl);
  await page.getByRole('tab', { name: 'Data Directories' }).click();
  await page.getByRole('button', { name: 'Add data directory' }).click();
  await page.getByRole('textbox', { name: 'Folder', exact: true }).fill(director.configDir + '/HotBackup-not-here');
  await page.getByRole('textbox', { name: 'Label', exact: true }).fill('office');
  await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('dialog')).toContainText(`The label "office" is already used by "${office.root}"`);
  expect((await settingsOnDisk()).dataDirectories).toHaveLength(1);
});
