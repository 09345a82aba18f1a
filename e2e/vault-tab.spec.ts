import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startDirector, type RunningDirector } from './fixtures/director.js';
import { readmeShot } from './fixtures/readme-shot.js';
import { backup, listJson, makeVault, manifestOf, sha256, type VaultOffice } from './fixtures/vault-fixture.js';
import { formatDateTime } from '../src-renderer/format/date-time.js';

// Issue 8 acceptance: the Vault tab against a real headless Director with real backups
// in Recent, Archive and Failed, made by the real CLI.

let director: RunningDirector;
let office: VaultOffice;
test.beforeEach(async () => {
  test.setTimeout(180_000);
  director = await startDirector();
  office = await makeVault(director);
});
test.afterEach(async () => {
  await director.stop();
});

const table = (page: Page) => page.getByRole('grid', { name: 'HotBackups in the HotBackup folder' });
const row = (page: Page, id: string) => table(page).getByRole('row').filter({ has: page.getByRole('rowheader', { name: id, exact: true }) });
const bodyRows = (page: Page) => table(page).getByRole('row').filter({ has: page.getByRole('rowheader') });

async function openVault(page: Page) {
  await page.goto(director.consoleUrl);
  await page.getByRole('tab', { name: 'Vault' }).click();
  await expect(row(page, office.ids.ok3)).toBeVisible();
}

/** Tick a react-aria checkbox or radio: its input is visually hidden, so press its label as a user does. */
async function press(control: Locator) {
  const radio = (await control.getAttribute('type')) === 'radio';
  const was = await control.isChecked();
  await control.locator('xpath=ancestor::label[1]').click();
  await expect(control).toBeChecked({ checked: radio || !was });
}

async function tick(page: Page, id: string) {
  await press(row(page, id).getByRole('checkbox'));
}

async function choose(page: Page, label: string, option: string) {
  await page.locator('.select-field').filter({ has: page.getByText(label, { exact: true }) }).getByRole('button').click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

async function serious(page: Page) {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

const ids = async (rows: Locator) => (await rows.getByRole('rowheader').allTextContents()).sort();

test('the table matches "hotbackup list --json", filters work, and a new run appears without reload', async ({ page }) => {
  await openVault(page);
  const listed = await listJson(director);
  expect(new Set(listed.map((r) => r.folder))).toEqual(new Set(['Archive', 'Failed', 'Recent']));
  expect(await ids(bodyRows(page))).toEqual(listed.map((r) => r.id).sort());
  for (const r of listed) {
    const cells = await row(page, r.id).getByRole('gridcell').allTextContents();
    // [select, folder, trigger, started, duration, result, files, size, user, error]
    expect(cells[1]).toBe(r.folder);
    expect(cells[2]).toBe(r.trigger);
    expect(cells[3]).toBe(formatDateTime(r.started));
    expect(cells[5]).toContain(r.result);
    expect(cells[6]).toBe(r.files === null ? '—' : String(r.files));
    expect(cells[8]).toContain(r.user);
    expect(cells[9]).toBe(r.error);
  }
  await expect(row(page, office.ids.failed)).toHaveClass(/result-failed/);
  await expect(row(page, office.ids.failed).getByText('Failed', { exact: true })).toBeVisible();

  await choose(page, 'Folder', 'Failed');
  expect(await ids(bodyRows(page))).toEqual(listed.filter((r) => r.folder === 'Failed').map((r) => r.id).sort());
  await choose(page, 'Folder', 'All folders');
  await choose(page, 'Result', 'Succeeded');
  expect(await ids(bodyRows(page))).toEqual(listed.filter((r) => r.result === 'Succeeded').map((r) => r.id).sort());
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(bodyRows(page)).toHaveCount(listed.length);

  // Date range: the day before today holds nothing; today holds all four.
  const today = listed[0]!.started.slice(0, 10);
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const yesterday = new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
  const typeDate = async (slot: 'Start Date' | 'End Date', iso: string) => {
    const [yy, mm, dd] = iso.split('-');
    await page.getByRole('spinbutton', { name: new RegExp(`^month, ${slot}`) }).click();
    await page.keyboard.type(`${mm}${dd}${yy}`);
  };
  await typeDate('Start Date', yesterday);
  await typeDate('End Date', yesterday);
  await expect(page.getByText('No HotBackups match these filters.')).toBeVisible();
  await typeDate('End Date', today);
  await expect(bodyRows(page)).toHaveCount(listed.length);
  await page.getByRole('button', { name: 'Clear filters' }).click();

  await readmeShot(page, 'vault', { fullPage: true });
  expect(await serious(page)).toEqual([]);

  // Sort by size, smallest first: the failed run (no size) goes last.
  await table(page).getByRole('columnheader', { name: /Size/ }).click();
  await expect(bodyRows(page).last().getByRole('rowheader')).toHaveText(office.ids.failed);

  // The history chart's data (also read out as a table) marks the failed run.
  const history = page.getByRole('table', { name: 'Recent runs' });
  await expect(history.getByRole('row').filter({ hasText: office.ids.failed })).toContainText('Failed');

  const newId = await backup(director);
  await expect(row(page, newId)).toBeVisible();
  await expect(row(page, newId)).toContainText('Succeeded');
  expect(await ids(bodyRows(page))).toEqual((await listJson(director)).map((r) => r.id).sort());

  // A backup folder with no BACKUP.LOG line (copied in by hand) is listed and marked as found on disk.
  const stray = `${office.ids.ok3.slice(0, 6)}90`;
  await cp(join(office.hotBackupFolder, 'Recent', office.ids.ok3), join(office.hotBackupFolder, 'Recent', stray), { recursive: true });
  await page.reload();
  await page.getByRole('tab', { name: 'Vault' }).click();
  await expect(row(page, stray)).toContainText('Found on disk');
  await expect(row(page, stray)).toHaveClass(/found-on-disk/);
  await expect(page.getByRole('status').filter({ hasText: 'BACKUP.LOG was repaired' })).toContainText(stray);
});

test('Details of a failed backup shows why it failed, and prints as a report on its own', async ({ page }) => {
  await page.addInitScript(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => {
      (window as unknown as { printed: number }).printed++;
    };
  });
  await openVault(page);
  const listed = await listJson(director);
  const failed = listed.find((r) => r.id === office.ids.failed)!;
  expect(failed.error).toMatch(/kept changing/);
  await row(page, office.ids.failed).dblclick();
  const report = page.getByRole('dialog', { name: `HotBackup Detail Report ${office.ids.failed}` });
  await expect(report.getByTestId('failure-reason')).toContainText(failed.error);
  await expect(report.getByRole('table', { name: 'Steps recorded in HB.LOG' })).toContainText('Validation attempt');
  await expect(report.getByRole('row').filter({ hasText: 'HotBackup failed' })).toContainText('kept changing');
  await readmeShot(page, 'vault-details');
  expect(await serious(page)).toEqual([]);

  await report.getByRole('button', { name: 'Print…' }).click();
  await report.getByRole('button', { name: 'Save as PDF…' }).click();
  expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(2);
  await expect(report.getByRole('status')).toContainText('Save as PDF');

  // The print view: only the report, without its buttons or the console behind it.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('tab', { name: 'Vault' })).toBeHidden();
  await expect(report.getByRole('button', { name: 'Close' })).toBeHidden();
  await expect(report.getByTestId('failure-reason')).toBeVisible();
  const pdf = await page.pdf({ format: 'A4' });
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  await writeFile(join(director.configDir, 'report.pdf'), pdf);
  await page.emulateMedia({ media: 'screen' });
  await report.getByRole('button', { name: 'Close' }).click();
  await expect(report).toHaveCount(0);
});

test('restore two selected files into a new folder: their SHA-256 matches the manifest', async ({ page }) => {
  await openVault(page);
  await tick(page, office.ids.ok3);
  await page.getByRole('button', { name: 'Restore…' }).click();
  const wizard = page.getByRole('dialog', { name: `Restore HotBackup ${office.ids.ok3}` });
  await press(wizard.getByRole('radio', { name: 'Only the files and folders I tick' }));
  const tree = wizard.getByRole('treegrid', { name: 'Files and folders in this backup' });
  await tree.getByRole('button', { name: 'Expand Clients' }).click();
  await tree.getByRole('button', { name: 'Expand Smith' }).click();
  await tree.getByRole('button', { name: 'Expand Letters' }).click();
  await press(tree.getByRole('checkbox', { name: 'Restore Office/Clients/Smith/invoice.txt' }));
  await press(tree.getByRole('checkbox', { name: 'Restore Office/Letters/welcome.txt' }));
  await expect(wizard.getByTestId('restore-summary')).toContainText('2 files,');
  const target = join(await mkdtemp(join(director.configDir, 'restore-')), 'Two files');
  await wizard.getByRole('textbox', { name: 'New folder' }).fill(target);
  await readmeShot(page, 'vault-restore');
  expect(await serious(page)).toEqual([]);
  await wizard.getByRole('button', { name: 'Restore', exact: true }).click();
  await expect(wizard.getByRole('status')).toContainText(`Restored 2 files,`);

  const manifest = await manifestOf(join(office.hotBackupFolder, 'Recent', office.ids.ok3));
  for (const path of ['Office/Clients/Smith/invoice.txt', 'Office/Letters/welcome.txt']) {
    const entry = manifest.entries.find((e) => e.path === path)!;
    expect(await sha256(join(target, path))).toBe(entry.sha256);
  }
  await expect(readFile(join(target, 'Office/Clients/jones.txt'))).rejects.toThrow();
});

test('restore over the original data directory goes through the red light; the pre-restore backup appears; the data equals the backup', async ({ page }) => {
  test.setTimeout(240_000);
  await openVault(page);
  const before = (await listJson(director)).map((r) => r.id);
  // Read now: the pre-restore backup will push this one from Recent into Archive.
  const manifest = await manifestOf(join(office.hotBackupFolder, 'Recent', office.ids.ok2));
  await tick(page, office.ids.ok2);
  await page.getByRole('button', { name: 'Restore…' }).click();
  const wizard = page.getByRole('dialog', { name: `Restore HotBackup ${office.ids.ok2}` });
  await press(wizard.getByRole('radio', { name: 'Over the original data directories' }));
  await expect(wizard.getByRole('note')).toContainText(office.data);
  await readmeShot(page, 'vault-restore-over');
  await wizard.getByRole('button', { name: 'Restore over live data…' }).click();

  const light = page.getByRole('alertdialog', { name: 'HotBackup Recommended' });
  await expect(light).toBeVisible();
  await expect(light.getByRole('img', { name: 'Red traffic light' })).toBeVisible();
  await light.getByRole('button', { name: 'Make a HotBackup' }).click();
  const green = page.getByRole('dialog', { name: 'HotBackup' });
  await expect(green).toBeVisible({ timeout: 60_000 });
  await green.getByRole('button', { name: 'OK' }).click();
  await expect(wizard.getByRole('status')).toContainText('over', { timeout: 60_000 });

  const after = await listJson(director);
  const preRestore = after.filter((r) => !before.includes(r.id));
  expect(preRestore).toHaveLength(1);
  expect(preRestore[0]).toMatchObject({ result: 'Succeeded', trigger: 'Requested' });
  await wizard.getByRole('button', { name: 'Close' }).click();
  await expect(row(page, preRestore[0]!.id)).toBeVisible();

  for (const e of manifest.entries.filter((x) => x.sha256)) {
    expect(await sha256(join(office.data, e.path.replace(/^Office\//, '')))).toBe(e.sha256);
  }
  expect(await readFile(join(office.data, 'Letters/welcome.txt'), 'utf8')).toBe('Welcome to our office, v2\n');
});

test('verify of a backup whose volume was corrupted on disk names the bad volume and entries', async ({ page }) => {
  const volume = join(office.hotBackupFolder, 'Recent', office.ids.ok3, 'BACKUP.001');
  const bytes = await readFile(volume);
  const at = Math.floor(bytes.length / 2);
  bytes[at] = bytes[at]! ^ 0xff;
  await writeFile(volume, bytes);
  await openVault(page);
  await tick(page, office.ids.ok3);
  await page.getByRole('button', { name: 'Verify' }).click();
  const panel = page.getByTestId('verify-panel');
  await expect(panel.getByRole('alert')).toContainText(`${office.ids.ok3} is damaged`);
  await expect(panel.getByTestId('bad-volumes')).toContainText('BACKUP.001');
  await expect(row(page, office.ids.ok3)).toContainText('Damaged');
  const cli = JSON.parse((await director.cli('verify', office.ids.ok3, '--json')).stdout) as { badVolumes: { name: string }[]; badEntries: { path: string }[] };
  expect(cli.badVolumes.map((v) => v.name)).toEqual(['BACKUP.001']);
  if (cli.badEntries.length > 0) await expect(panel.getByTestId('bad-entries')).toContainText(cli.badEntries[0]!.path);
  await readmeShot(page, 'vault-verify');
});

test('deleting a successful backup also removes the older failed ones, as the confirmation said', async ({ page }) => {
  await openVault(page);
  await tick(page, office.ids.ok2);
  await page.getByRole('button', { name: 'Delete…' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Delete HotBackups' });
  const listed = await confirm.getByTestId('delete-list').getByRole('listitem').allTextContents();
  expect(listed.map((t) => t.slice(0, 8)).sort()).toEqual([office.ids.ok2, office.ids.failed].sort());
  expect(listed.find((t) => t.startsWith(office.ids.failed))).toContain(`also deleted: failed backup older than ${office.ids.ok2}`);
  await readmeShot(page, 'vault-delete');
  await confirm.getByRole('button', { name: 'Delete 2' }).click();

  const light = page.getByRole('alertdialog', { name: 'HotBackup Suggested' });
  await expect(light.getByRole('img', { name: 'Yellow traffic light' })).toBeVisible();
  await light.getByRole('button', { name: 'Continue without' }).click();
  await expect(confirm.getByRole('status')).toContainText(`Deleted ${office.ids.ok2}, ${office.ids.failed}.`);
  await confirm.getByRole('button', { name: 'Close' }).click();
  await expect(row(page, office.ids.ok2)).toHaveCount(0);
  await expect(row(page, office.ids.failed)).toHaveCount(0);
  const left = (await listJson(director)).map((r) => r.id);
  expect(left).not.toContain(office.ids.ok2);
  expect(left).not.toContain(office.ids.failed);
  expect(await ids(bodyRows(page))).toEqual([...left].sort());
});
