import { expect, test, type Locator, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startDirector, type RunningDirector } from './fixtures/director.js';
import { readmeShot } from './fixtures/readme-shot.js';
import { backup } from './fixtures/vault-fixture.js';

// Issue 18 point 5: Browse a real backup made by the real CLI, in the web console of a real
// headless Director: folders, natural order, search, ticks apart from opening, a file downloaded
// byte for byte, a restore of what was ticked, and a backup with a missing volume marked.

let director: RunningDirector;
let data = '';
let hb = '';
let id = '';
const scans = new Map<string, Buffer>();

test.beforeEach(async () => {
  test.setTimeout(120_000);
  director = await startDirector();
  data = join(director.configDir, 'Office Data');
  hb = join(director.configDir, 'HotBackup');
  await mkdir(join(data, 'Letters'), { recursive: true });
  await mkdir(join(data, 'Clients', 'Smith'), { recursive: true });
  await mkdir(join(data, 'Scans'), { recursive: true });
  for (const n of [1, 2, 3, 10, 11, 20]) await writeFile(join(data, 'Letters', `letter ${n}.txt`), `Letter number ${n}\n`.repeat(n));
  await writeFile(join(data, 'Clients', 'Smith', 'invoice 1001.txt'), 'Invoice 1001 for Smith\n');
  for (const name of ['scan-a.pdf', 'scan-b.pdf', 'scan-c.pdf']) {
    const bytes = randomBytes(700 * 1024);
    scans.set(name, bytes);
    await writeFile(join(data, 'Scans', name), bytes);
  }
  for (const [k, v] of [
    ['folder.path', hb],
    ['engine.volumeSize', '1048576'],
    ['engine.compression', 'none'],
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

/** Tick a react-aria checkbox: its input is visually hidden, so press its label as a user does. */
async function tick(row: Locator) {
  const box = row.getByRole('checkbox');
  const was = await box.isChecked();
  await box.locator('xpath=ancestor::label[1]').click();
  await expect(box).toBeChecked({ checked: !was });
}

async function openBrowse(page: Page) {
  await page.goto(director.consoleUrl);
  await page.getByRole('tab', { name: 'Vault' }).click();
  const vaultRow = page.getByRole('grid', { name: 'HotBackups in the HotBackup folder' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: id, exact: true }) });
  await tick(vaultRow);
  await page.getByRole('button', { name: 'Browse…' }).click();
  await expect(dialog(page)).toBeVisible();
}

test('folders open on their name, names sort 1, 2, 10, search finds a file anywhere, and a ticked file downloads byte for byte', async ({ page }) => {
  await openBrowse(page);
  await expect.poll(() => names(page)).toEqual(['Office']);
  await rowOf(page, 'Office').getByText('Office', { exact: true }).click();
  await expect(dialog(page).getByRole('navigation', { name: 'Folder' })).toContainText('All data directories›Office');
  await expect.poll(() => names(page)).toEqual(['Clients', 'Letters', 'Scans']);
  await rowOf(page, 'Letters').getByText('Letters', { exact: true }).click();
  await expect(grid(page).getByRole('rowheader')).toHaveCount(6);
  expect(await names(page)).toEqual(['letter 1.txt', 'letter 2.txt', 'letter 3.txt', 'letter 10.txt', 'letter 11.txt', 'letter 20.txt']);
  await expect(rowOf(page, 'letter 10.txt')).toContainText('170 bytes');
  // Sorted by size, largest first.
  await grid(page).getByRole('columnheader', { name: 'Size' }).click();
  await grid(page).getByRole('columnheader', { name: 'Size' }).click();
  await expect.poll(() => names(page)).toEqual(['letter 20.txt', 'letter 11.txt', 'letter 10.txt', 'letter 3.txt', 'letter 2.txt', 'letter 1.txt']);
  // Opening a folder by its name did not tick it; the breadcrumb goes back.
  await dialog(page).getByRole('button', { name: 'Office' }).click();
  await expect(rowOf(page, 'Letters').getByRole('checkbox')).not.toBeChecked();
  await expect(dialog(page).getByTestId('browse-selection')).toContainText('Tick files and folders');

  await dialog(page).getByLabel('Search by name in this backup').fill('invoice');
  await expect.poll(() => names(page)).toEqual(['invoice 1001.txt']);
  await expect(rowOf(page, 'invoice 1001.txt')).toContainText('in Office/Clients/Smith');

  await dialog(page).getByLabel('Search by name in this backup').fill('');
  await rowOf(page, 'Scans').getByText('Scans', { exact: true }).click();
  await tick(rowOf(page, 'scan-b.pdf'));
  await expect(dialog(page).getByTestId('browse-selection')).toContainText('1 item ticked: 1 file, 700 KB');
  await readmeShot(page, 'browse');
  const [download] = await Promise.all([page.waitForEvent('download'), dialog(page).getByRole('button', { name: 'Download' }).click()]);
  expect(download.suggestedFilename()).toBe('scan-b.pdf');
  const saved = await download.path();
  expect((await readFile(saved)).equals(scans.get('scan-b.pdf')!)).toBe(true);
});

test('a user cannot download; a path out of the backup is refused', async ({ page }) => {
  await director.cli('user', 'add', 'reception', '--role', 'user', '--no-password');
  const token = /hbt_\S+/.exec((await director.cli('user', 'token', 'create', 'reception')).stdout)?.[0];
  expect(token).toBeTruthy();
  const url = (path: string) => `${director.origin}/api/download?id=${id}&path=${encodeURIComponent(path)}`;
  const asUser = await page.request.get(url('Office/Scans/scan-a.pdf'), { headers: { Authorization: `Bearer ${token}` } });
  expect(asUser.status()).toBe(403);
  const localKey = new URL(director.consoleUrl).hash.replace('#token=', '');
  const traversal = await page.request.get(url('Office/../../../etc/passwd'), { headers: { Authorization: `Bearer ${localKey}` } });
  expect(traversal.status()).toBe(400);
  const ok = await page.request.get(url('Office/Scans/scan-a.pdf'), { headers: { Authorization: `Bearer ${localKey}` } });
  expect(ok.status()).toBe(200);
  expect((await ok.body()).equals(scans.get('scan-a.pdf')!)).toBe(true);
});

test('a backup with a missing volume is marked before restore; restoring the ticked files brings back the intact ones', async ({ page }) => {
  const folder = join(hb, 'Recent', id);
  const volumes = (await readdir(folder)).filter((n) => /^BACKUP\.\d+$/.test(n)).sort();
  expect(volumes.length).toBeGreaterThan(1);
  await rm(join(folder, volumes.at(-1)!));
  await openBrowse(page);
  await expect(dialog(page).getByRole('alert')).toContainText(`This backup is damaged. ${volumes.at(-1)} is missing.`);
  await rowOf(page, 'Office').getByText('Office', { exact: true }).click();
  await rowOf(page, 'Scans').getByText('Scans', { exact: true }).click();
  await expect(rowOf(page, 'scan-c.pdf')).toContainText(`Damaged lies in a damaged volume: ${volumes.at(-1)} is missing`);
  await expect(rowOf(page, 'scan-a.pdf')).not.toContainText('Damaged');
  await tick(rowOf(page, 'scan-a.pdf'));
  await readmeShot(page, 'browse-damaged');
  await tick(rowOf(page, 'scan-a.pdf'));
  await dialog(page).getByRole('button', { name: 'All data directories' }).click();
  await tick(rowOf(page, 'Office'));
  await expect(dialog(page).getByTestId('browse-selection')).toContainText('will be left out');
  await dialog(page).getByRole('button', { name: 'Restore selected…' }).click();
  const wizard = page.getByRole('dialog', { name: `Restore HotBackup ${id}` });
  await expect(wizard).toContainText('the 1 item ticked in Browse');
  const to = join(director.configDir, 'restored');
  await wizard.getByRole('textbox', { name: 'New folder' }).fill(to);
  await wizard.getByRole('button', { name: 'Restore', exact: true }).click();
  await expect(wizard.getByRole('alert')).toContainText('could not be restored because the backup is damaged');
  expect((await readFile(join(to, 'Office', 'Scans', 'scan-a.pdf'))).equals(scans.get('scan-a.pdf')!)).toBe(true);
  expect(await readFile(join(to, 'Office', 'Letters', 'letter 10.txt'), 'utf8')).toContain('Letter number 10');
});
