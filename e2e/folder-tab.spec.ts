import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startDirector, type RunningDirector } from './fixtures/director.js';
import { readmeShot } from './fixtures/readme-shot.js';

let director: RunningDirector;
test.beforeEach(async () => {
  director = await startDirector();
});
test.afterEach(async () => {
  await director.stop();
});

// Inside the selected tab: the first-run panel above the tabs has a "HotBackup folder" field too.
const field = (page: Page, name: string) => page.getByRole('tabpanel').getByRole('textbox', { name, exact: true });
const settingsFile = () => readFile(join(director.configDir, 'settings.json'), 'utf8');

async function openFolderTab(page: Page) {
  await page.goto(director.consoleUrl);
  await page.getByRole('tab', { name: 'Folder' }).click();
  await expect(field(page, 'HotBackup folder')).not.toHaveValue('');
}

test('Folder tab values persist across a reload and land in settings.json', async ({ page }) => {
  await openFolderTab(page);
  const target = join(director.configDir, 'Backups Here');
  await field(page, 'HotBackup folder').fill(target);
  await field(page, 'Recent').fill('7');
  await field(page, 'Archive').fill('3');
  await expect(page.getByTestId('total')).toHaveText('10');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await readmeShot(page, 'folder-tab', { fullPage: true });

  await page.reload();
  await page.getByRole('tab', { name: 'Folder' }).click();
  await expect(field(page, 'HotBackup folder')).toHaveValue(target);
  await expect(field(page, 'Recent')).toHaveValue('7');
  await expect(field(page, 'Archive')).toHaveValue('3');
  const saved = JSON.parse(await settingsFile());
  expect(saved.folder.path).toBe(target);
  expect(saved.retention).toEqual({ recent: 7, archive: 3 });
});

const invalid = [
  { field: 'HotBackup folder', value: 'relative/backups', message: /relative path/ },
  { field: 'HotBackup folder', value: '\\\\server\\share\\HotBackup', message: /network \(UNC\) path/ },
  { field: 'Recent', value: '0', message: /Recent must be at least 1/ },
  { field: 'Archive', value: '100', message: /Archive must be at most 99/ },
  { field: 'Recent', value: 'four', message: /Recent must be a whole number from 1 to 99/ },
];

for (const c of invalid) {
  test(`${c.field} "${c.value}" shows its message and saves nothing`, async ({ page }) => {
    await openFolderTab(page);
    const before = await settingsFile();
    const input = field(page, c.field);
    await input.fill(c.value);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    const describedBy = (await input.getAttribute('aria-describedby')) ?? '';
    const messages = await Promise.all(describedBy.split(' ').map((id) => page.locator(`[id="${id}"]`).textContent()));
    expect(messages.join(' ')).toMatch(c.message);
    await expect(page.getByRole('alert')).toContainText('Nothing was saved');
    expect(await settingsFile()).toBe(before);
  });
}

test('the restore folder: one inside the HotBackup folder is refused on its field by the Director; one beside it is saved', async ({ page }) => {
  await openFolderTab(page);
  const hb = await field(page, 'HotBackup folder').inputValue();
  const input = field(page, 'Restore folder');
  await input.fill(join(hb, 'Restores'));
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('alert').first()).toContainText('overlaps the HotBackup folder');
  const restores = join(director.configDir, 'Restores');
  await input.fill(restores);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  expect(JSON.parse(await settingsFile()).restore).toEqual({ folder: restores });
});

test('a change made with the CLI shows up in an open console without reload', async ({ page }) => {
  await openFolderTab(page);
  const result = await director.cli('settings', 'set', 'retention.recent', '9');
  expect(result.code).toBe(0);
  await expect(field(page, 'Recent')).toHaveValue('9');
  await expect(page.getByTestId('total')).toHaveText('11');

  const bad = await director.cli('settings', 'set', 'retention.recent', '0');
  expect(bad.code).toBe(2);
  expect(bad.stderr).toMatch(/retention\.recent: Recent must be at least 1/);
});
