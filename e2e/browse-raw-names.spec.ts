import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startDirector, type RunningDirector } from './fixtures/director.js';
import { backup } from './fixtures/vault-fixture.js';

// Issue 18 point 5 with names that are not UTF-8 (Latin-1 names from an old file server):
// "caf\xe9.txt" and "caf\xe8.txt" both read "caf\uFFFD.txt" as text. Browse must list both,
// show them apart, count both in the folder's totals, and a tick, a download and a restore
// must take exactly the entry ticked, by its bytes. Real files with raw byte names, a real
// backup by the real CLI, a real Director.

let director: RunningDirector;
let data = '';
let id = '';
const raw = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
const E9 = raw('caf', [0xe9], '.txt');
const E8 = raw('caf', [0xe8], '.txt');
const FOLDER = raw('Akten', [0xe4]);
const contentE9 = Buffer.from('the e-acute file\n');
const contentE8 = Buffer.from('the e-grave file, a little longer\n');

test.beforeEach(async () => {
  test.setTimeout(120_000);
  director = await startDirector();
  data = join(director.configDir, 'Office Data');
  await mkdir(data, { recursive: true });
  const dir = Buffer.from(data + '/');
  await writeFile(Buffer.concat([dir, E9]), contentE9);
  await writeFile(Buffer.concat([dir, E8]), contentE8);
  await mkdir(Buffer.concat([dir, FOLDER]));
  await writeFile(Buffer.concat([dir, FOLDER, Buffer.from('/brief.txt')]), 'Brief\n');
  for (const [k, v] of [
    ['folder.path', join(director.configDir, 'HotBackup')],
    ['dataDirectories', JSON.stringify([{ path: data, label: 'Office', exclude: [] }])],
  ]) {
    const r = await director.cli('settings', 'set', k as string, v as string);
    if (r.code !== 0) throw new Error(r.stderr);
  }
  id = await backup(director);
});
test.afterEach(async () => {
  await director.stop();
});

const dialog = (page: Page) => page.getByRole('dialog', { name: `Browse HotBackup ${id}` });
const grid = (page: Page) => dialog(page).getByRole('grid');
const names = async (page: Page) => (await grid(page).getByRole('rowheader').allTextContents()).map((t) => t.replace(/ \((file|folder|database|link)\).*$/, ''));
const rowOf = (page: Page, name: string) => grid(page).getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(`) }) });

async function tick(row: Locator) {
  const box = row.getByRole('checkbox');
  const was = await box.isChecked();
  await box.locator('xpath=ancestor::label[1]').click();
  await expect(box).toBeChecked({ checked: !was });
}

async function openOffice(page: Page) {
  await page.goto(director.consoleUrl);
  await page.getByRole('tab', { name: 'Vault' }).click();
  await tick(page.getByRole('grid', { name: 'HotBackups in the HotBackup folder' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: id, exact: true }) }));
  await page.getByRole('button', { name: 'Browse…' }).click();
  await expect(dialog(page)).toBeVisible();
  // The folder counts every file: both café names and the one in Akten\xe4.
  const total = contentE9.length + contentE8.length + 'Brief\n'.length;
  await expect(rowOf(page, 'Office')).toContainText(`${total} bytes`);
  await rowOf(page, 'Office').getByText('Office', { exact: true }).click();
}

test('two names that read the same as text are two rows, shown with their bytes, and the folder totals count both', async ({ page }) => {
  await openOffice(page);
  await expect.poll(() => names(page)).toEqual(['Akten\\xe4', 'caf\\xe8.txt', 'caf\\xe9.txt']);
  await expect(rowOf(page, 'caf\\xe9.txt')).toContainText(`${contentE9.length} bytes`);
  await expect(rowOf(page, 'caf\\xe8.txt')).toContainText(`${contentE8.length} bytes`);
  await expect(dialog(page).getByText('3 items here')).toBeVisible();
  // A folder whose name is not UTF-8 opens, and the breadcrumb names it the same way.
  await rowOf(page, 'Akten\\xe4').getByText('Akten\\xe4', { exact: true }).click();
  await expect(dialog(page).getByRole('navigation', { name: 'Folder' })).toContainText('All data directories›Office›Akten\\xe4');
  await expect.poll(() => names(page)).toEqual(['brief.txt']);
  await dialog(page).getByRole('button', { name: 'Office' }).click();
  // Ticking one selects that one: its own size, not both.
  await tick(rowOf(page, 'caf\\xe8.txt'));
  await expect(dialog(page).getByTestId('browse-selection')).toContainText(`1 item ticked: 1 file, ${contentE8.length} bytes`);
  await expect(rowOf(page, 'caf\\xe9.txt').getByRole('checkbox')).not.toBeChecked();
});

test('a ticked file that is not UTF-8 downloads and restores byte for byte, name and content, and only that file', async ({ page }) => {
  await openOffice(page);
  await tick(rowOf(page, 'caf\\xe9.txt'));
  const [download] = await Promise.all([page.waitForEvent('download'), dialog(page).getByRole('button', { name: 'Download' }).click()]);
  expect((await readFile(await download.path())).equals(contentE9)).toBe(true);

  await dialog(page).getByRole('button', { name: 'Restore selected…' }).click();
  const wizard = page.getByRole('dialog', { name: `Restore HotBackup ${id}` });
  await expect(wizard).toContainText(`the 1 item ticked in Browse (1 file, ${contentE9.length} bytes)`);
  const to = join(director.configDir, 'restored');
  await wizard.getByRole('textbox', { name: 'New folder' }).fill(to);
  await wizard.getByRole('button', { name: 'Restore', exact: true }).click();
  await expect(wizard.getByRole('status').or(wizard.getByRole('alert'))).toContainText('Restored 1 file,');
  const restored = await readdir(Buffer.from(join(to, 'Office')), { encoding: 'buffer' });
  expect(restored.map((b) => b.toString('hex'))).toEqual([E9.toString('hex')]);
  expect((await readFile(Buffer.concat([Buffer.from(join(to, 'Office') + '/'), E9]))).equals(contentE9)).toBe(true);
});
