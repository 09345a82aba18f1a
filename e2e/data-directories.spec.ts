import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startDirector, type RunningDirector } from './fixtures/director.js';
import { readmeShot } from './fixtures/readme-shot.js';
import { backup } from './fixtures/vault-fixture.js';

let director: RunningDirector;
let hotBackupFolder: string;
let officeDir: string;
test.beforeEach(async () => {
  director = await startDirector();
  hotBackupFolder = join(director.configDir, 'HotBackup');
  officeDir = join(director.configDir, 'Office Data');
  await mkdir(join(officeDir, 'Clients'), { recursive: true });
  await writeFile(join(officeDir, 'Clients', 'letter.txt'), 'Dear client,\n');
  expect((await director.cli('settings', 'set', 'folder.path', hotBackupFolder)).code).toBe(0);
});
test.afterEach(async () => {
  await director.stop();
});

const settingsFile = () => readFile(join(director.configDir, 'settings.json'), 'utf8');
const dialog = (page: Page) => page.getByRole('dialog', { name: /Data Directory/ });
const field = (page: Page, name: string) => dialog(page).getByRole('textbox', { name, exact: true });

async function describedText(page: Page, input: Locator): Promise<string> {
  const ids = ((await input.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
  const texts = await Promise.all(ids.map((id) => page.locator(`[id="${id}"]`).textContent()));
  return texts.join(' ');
}

async function serious(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
}

test('first run leads the admin from "Nothing to back up yet" to a saved data directory', async ({ page }) => {
  await page.goto(director.consoleUrl);
  await expect(page.getByRole('heading', { name: 'Nothing to back up yet' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Back Up Data Files' })).toHaveCount(0);
  await readmeShot(page, 'first-run');
  expect(await serious(page)).toEqual([]);
  // The empty tab says what to do too, and passes the scan.
  await page.getByRole('tab', { name: 'Data Directories' }).click();
  await expect(page.getByRole('heading', { name: 'No data directory yet' })).toBeVisible();
  expect(await serious(page)).toEqual([]);
  await page.getByRole('tab', { name: 'Schedule' }).click();

  // Step 1 of the setup: the HotBackup folder, with its drive's free space, is confirmed first.
  await expect(page.getByTestId('folder-free')).toContainText('free on this drive');
  await page.getByRole('button', { name: 'Use this folder' }).click();
  await page.getByRole('button', { name: 'Add a data directory' }).click();
  await expect(page.getByRole('tab', { name: 'Data Directories' })).toHaveAttribute('aria-selected', 'true');
  await expect(field(page, 'Folder')).toBeFocused();
  await page.keyboard.type(officeDir);
  await field(page, 'Label').fill('Office');
  await field(page, 'Exclude (one pattern per line)').fill('*.tmp\ncache/**');
  await readmeShot(page, 'data-directory-dialog');
  expect(await serious(page)).toEqual([]);
  await dialog(page).getByRole('button', { name: 'Save' }).click();

  await expect(dialog(page)).toHaveCount(0);
  const row = page.getByRole('row').filter({ hasText: officeDir });
  await expect(row).toContainText('Office');
  await expect(row).toContainText('*.tmp, cache/**');
  await expect(page.getByRole('button', { name: 'Back Up Data Files' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Nothing to back up yet' })).toHaveCount(0);
  const saved = JSON.parse(await settingsFile());
  // The Director gives each data directory a stable ID (backups record it; restore-over matches by it).
  expect(saved.dataDirectories).toEqual([{ id: expect.stringMatching(/^[0-9a-f]{12}$/), path: officeDir, label: 'Office', exclude: ['*.tmp', 'cache/**'] }]);
  await readmeShot(page, 'data-directories-tab');
  expect(await serious(page)).toEqual([]);

  // Keyboard only: the tab and its row buttons are reachable and named.
  await page.getByRole('tab', { name: 'Data Directories' }).focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Edit Office' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(field(page, 'Label')).toHaveValue('Office');
  await page.keyboard.press('Escape');
  await expect(dialog(page)).toHaveCount(0);
});

// Each refused input: its message sits on its field and settings.json does not change.
const invalid: { name: string; field: string; value: () => string; message: RegExp; setup?: () => Promise<void>; shot?: string }[] = [
  { name: 'empty folder', field: 'Folder', value: () => '', message: /is empty: enter an absolute folder path/ },
  { name: 'relative folder', field: 'Folder', value: () => 'Office Data', message: /is a relative path: use an absolute path/ },
  { name: 'network (UNC) folder', field: 'Folder', value: () => '\\\\fileserver\\office', message: /network \(UNC\) path: use a local drive path/ },
  { name: 'folder that does not exist (checked by the Director)', field: 'Folder', value: () => join(officeDir, 'missing'), message: /does not exist: check the path or create the folder first/, shot: 'data-directory-refused' },
  {
    name: 'a file, not a folder (checked by the Director)',
    field: 'Folder',
    value: () => join(officeDir, 'Clients', 'letter.txt'),
    message: /is a file, not a folder/,
  },
  { name: 'the HotBackup folder', field: 'Folder', value: () => hotBackupFolder, message: /is the HotBackup folder or lies inside it/ },
  { name: 'inside the HotBackup folder', field: 'Folder', value: () => join(hotBackupFolder, 'Recent'), message: /is the HotBackup folder or lies inside it/ },
  {
    name: 'already listed',
    field: 'Folder',
    value: () => officeDir,
    message: /is already in the list as "Office"/,
    setup: async () => {
      expect((await director.cli('settings', 'set', 'dataDirectories', JSON.stringify([{ path: officeDir, label: 'Office', exclude: [] }]))).code).toBe(0);
    },
  },
  { name: 'label over 80 characters', field: 'Label', value: () => 'L'.repeat(81), message: /has 81 characters; keep it to 80 or fewer/ },
  { name: 'exclude pattern leaving the folder', field: 'Exclude (one pattern per line)', value: () => '*.tmp\n../secrets/**', message: /points outside the data directory/ },
  { name: 'exclude written as a full path', field: 'Exclude (one pattern per line)', value: () => join(officeDir, 'cache', '**'), message: /write it relative to the folder, as "cache\/\*\*"/ },
];

for (const c of invalid) {
  test(`${c.name}: shows its message and saves nothing`, async ({ page }) => {
    await c.setup?.();
    await page.goto(director.consoleUrl);
    await page.getByRole('tab', { name: 'Data Directories' }).click();
    await page.getByRole('button', { name: 'Add data directory' }).click();
    const before = await settingsFile();
    if (c.field !== 'Folder') await field(page, 'Folder').fill(officeDir);
    await field(page, c.field).fill(c.value());
    await dialog(page).getByRole('button', { name: 'Save' }).click();
    const input = field(page, c.field);
    await expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(await describedText(page, input)).toMatch(c.message);
    await expect(dialog(page).getByRole('alert')).toContainText('Nothing was saved');
    expect(await settingsFile()).toBe(before);
    if (c.shot) await readmeShot(page, c.shot);
  });
}

test('a data directory can include its own files that keep changing: ticked in the dialog, saved on that directory only, shown in the list', async ({ page }) => {
  expect((await director.cli('data', 'add', officeDir, '--label', 'Office')).code).toBe(0);
  await page.goto(director.consoleUrl);
  await page.getByRole('tab', { name: 'Data Directories' }).click();
  await page.getByRole('button', { name: 'Edit Office' }).click();
  const box = dialog(page).getByRole('checkbox', { name: /Include this folder’s files that keep changing/ });
  await expect(box).not.toBeChecked();
  await box.locator('xpath=ancestor::label[1]').click();
  await expect(box).toBeChecked();
  await dialog(page).getByRole('button', { name: 'Save' }).click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(page.locator('.dirs-table')).toContainText('Files that keep changing: included with a warning');
  const saved = JSON.parse(await settingsFile()) as { schemaVersion: number; engine: { includeUnsettled: boolean }; dataDirectories: { includeUnsettled?: boolean }[] };
  expect(saved).toMatchObject({ schemaVersion: 4, engine: { includeUnsettled: false }, dataDirectories: [{ includeUnsettled: true }] });
  expect((await director.cli('data', 'list')).stdout).toContain('include files that keep changing');
});

test('an exclude pattern that matched nothing in the last backup is a warning in the list and the editor (not an error), and in HB.LOG', async ({ page }) => {
  test.setTimeout(120_000);
  const dirs = [{ path: officeDir, label: 'Office', exclude: ['*.tmp', 'Clients/*.txt'] }];
  expect((await director.cli('settings', 'set', 'dataDirectories', JSON.stringify(dirs))).code).toBe(0);
  const id = await backup(director);
  const hbLog = await readFile(join(hotBackupFolder, 'Recent', id, 'HB.LOG'), 'utf8');
  expect(hbLog).toContain(`|HB_EXCLUDE_UNMATCHED|exclude pattern "*.tmp" matched nothing in "${officeDir}"`);
  expect(hbLog).not.toContain('"Clients/*.txt" matched nothing');

  await page.goto(director.consoleUrl);
  await page.getByRole('tab', { name: 'Data Directories' }).click();
  const listed = page.locator('.dirs-table').getByTestId('exclude-unmatched');
  await expect(listed).toContainText(`Warning: exclude pattern “*.tmp” matched nothing in backup ${id}`);
  await expect(listed).not.toContainText('Clients/*.txt');

  await page.getByRole('button', { name: 'Edit Office' }).click();
  const warning = dialog(page).getByTestId('exclude-unmatched');
  await expect(warning).toContainText('“*.tmp” matched nothing');
  expect(await serious(page)).toEqual([]);
  // Corrected in the editor, the warning goes at once; a warning never keeps the dialog from saving.
  await field(page, 'Exclude (one pattern per line)').fill('Clients/*.txt');
  await expect(warning).toHaveCount(0);
  await field(page, 'Exclude (one pattern per line)').fill('*.tmp\nClients/*.txt');
  await expect(warning).toBeVisible();
  await dialog(page).getByRole('button', { name: 'Save' }).click();
  await expect(dialog(page)).toHaveCount(0);
  await expect(page.getByText('Saved Office.')).toBeVisible();
});
