import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDirector, type RunningDirector } from './fixtures/director.js';
import { configureOffice } from './fixtures/office.js';
import { backup, listJson } from './fixtures/vault-fixture.js';

// Copies made by the Director's real copy job (real rclone to a local folder), as the console
// shows them: the Vault's Offsite column, the Offsite tab's last copy, the Overview's warning.

let director: RunningDirector;
let remote: string;
let id: string;
test.beforeEach(async () => {
  test.setTimeout(180_000);
  director = await startDirector();
  remote = await mkdtemp(join(tmpdir(), 'hb-e2e-offsite-copy-'));
  await configureOffice(director, { scanBytes: 64 * 1024 });
  id = await backup(director);
  expect((await director.cli('settings', 'set', 'alerts.retryCount', '0')).code).toBe(0);
});
test.afterEach(async () => {
  await director.stop();
  await rm(remote, { recursive: true, force: true });
});

const setTarget = async (remotePath: string, recipients: string[] = []) => {
  const target = { id: 'usb', label: 'USB Disk', remote: remotePath, path: 'hotbackup', recipients };
  expect((await director.cli('settings', 'set', 'offsite.targets', JSON.stringify([target]))).code).toBe(0);
};

async function copyFromVault(page: Page) {
  await page.goto(director.consoleUrl);
  await page.getByRole('tab', { name: 'Vault' }).click();
  const row = page.getByRole('grid', { name: 'HotBackups in the HotBackup folder' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: id, exact: true }) });
  await row.getByRole('checkbox').locator('xpath=ancestor::label[1]').click();
  await page.getByRole('button', { name: 'Copy Offsite Now' }).click();
  await expect(page.getByRole('status').filter({ hasText: `${id} is queued for copying to "USB Disk".` })).toBeVisible();
  return row;
}

test('Copy Offsite Now: the Vault shows the backup copied, the Offsite tab its last copy', async ({ page }) => {
  await setTarget(remote);
  const row = await copyFromVault(page);
  await expect(row.locator('.offsite-cell')).toHaveText('USB Disk: copied', { timeout: 90_000 });
  await page.getByRole('tab', { name: 'Offsite' }).click();
  const target = page.getByRole('row').filter({ hasText: 'USB Disk' });
  await expect(target.getByTestId('last-copy')).toContainText(`Succeeded`);
  await expect(target.getByTestId('last-copy')).toContainText(`${id} (`);
  await expect(target.getByTestId('last-copy')).toContainText('not encrypted');
  // Check: the copy on the target against its OFFSITE.json; then one byte of it changed on the target.
  await target.getByRole('button', { name: 'Check the newest copy on USB Disk' }).click();
  await expect(page.getByTestId('offsite-test-result')).toHaveText(new RegExp(`^The copy of ${id} on "USB Disk" matches its OFFSITE\\.json: \\d+ files checked by size and hash\\.$`), { timeout: 30_000 });
  const plan = join(remote, 'hotbackup', id, 'PLAN');
  const bytes = await readFile(plan);
  bytes[0] = bytes[0]! ^ 0xff;
  await writeFile(plan, bytes);
  await target.getByRole('button', { name: 'Check the newest copy on USB Disk' }).click();
  await expect(page.getByRole('alert').filter({ hasText: `The copy of ${id} on "USB Disk" failed the check: PLAN of the copy of ${id} on "USB Disk" is damaged` })).toBeVisible({ timeout: 30_000 });
});

test('a copy that fails: the Overview warns and its button opens the Offsite tab with the error', async ({ page }) => {
  // The "folder" is a file: rclone cannot make the target's folder in it.
  const file = join(remote, 'not-a-folder');
  await writeFile(file, 'x');
  await setTarget(file);
  const row = await copyFromVault(page);
  await expect(row.locator('.offsite-cell')).toHaveText('USB Disk: failed', { timeout: 90_000 });
  await page.getByRole('tab', { name: 'Overview' }).click();
  const warning = page.getByTestId('overview-warnings').locator('li[data-kind="offsite"]');
  await expect(warning).toContainText(`Offsite copy failed. The last copy of ${id} to "USB Disk" failed`);
  await warning.getByRole('button', { name: 'Fix on Offsite' }).click();
  await expect(page.getByRole('tab', { name: 'Offsite' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('row').filter({ hasText: 'USB Disk' }).getByTestId('last-copy')).toContainText(`Failed`);
});

test('an encrypted copy restored from the Offsite tab with the pasted recovery key', async ({ page }) => {
  const keygen = spawnSync('age-keygen', { encoding: 'utf8' });
  const publicKey = /# public key: (age1[0-9a-z]+)/.exec(keygen.stdout)![1]!;
  await setTarget(remote, [publicKey]);
  const row = await copyFromVault(page);
  await expect(row.locator('.offsite-cell')).toHaveText('USB Disk: copied', { timeout: 90_000 });
  await page.getByRole('tab', { name: 'Offsite' }).click();
  await page.getByRole('button', { name: 'Copies on USB Disk' }).click();
  const dialog = page.getByRole('dialog', { name: 'Copies on "USB Disk"' });
  const copy = dialog.getByRole('row').filter({ hasText: id });
  await expect(copy).toContainText('Complete, encrypted');
  await copy.getByRole('rowheader').click();
  const to = join(remote, 'restored');
  await dialog.getByRole('textbox', { name: "Restore into (a new folder on the Director's computer)" }).fill(to);
  await dialog.getByRole('button', { name: `Restore ${id}` }).click();
  await expect(dialog.getByText('This copy is encrypted: paste the recovery key')).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Recovery key' }).fill(keygen.stdout);
  await dialog.getByRole('button', { name: `Restore ${id}` }).click();
  const files = (await listJson(director)).find((r) => r.id === id)!.files;
  await expect(dialog.getByRole('status')).toContainText(`Restored ${files} files`, { timeout: 90_000 });
  await expect(dialog.getByRole('status')).toContainText('every file matched its SHA-256 in MANIFEST.json');
  const restored = (await readdir(to, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  expect(restored.length).toBe(files);
});

async function openCopy(page: Page) {
  await page.getByRole('tab', { name: 'Offsite' }).click();
  await page.getByRole('button', { name: 'Copies on USB Disk' }).click();
  const dialog = page.getByRole('dialog', { name: 'Copies on "USB Disk"' });
  await dialog.getByRole('row').filter({ hasText: id }).getByRole('rowheader').click();
  await dialog.getByRole('radio', { name: 'Only some files and folders' }).locator('xpath=ancestor::label[1]').click();
  return dialog;
}

const filesUnder = async (dir: string) =>
  (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));

test('part of an unencrypted copy restored from the Offsite tab: its file list fetched from the target, a folder ticked (axe on the dialog)', async ({ page }) => {
  await setTarget(remote);
  const row = await copyFromVault(page);
  await expect(row.locator('.offsite-cell')).toHaveText('USB Disk: copied', { timeout: 90_000 });
  const dialog = await openCopy(page);
  await dialog.getByRole('button', { name: `Restore ${id}` }).click();
  await expect(dialog.getByText('Nothing is chosen: tick files or folders in the list')).toBeVisible();
  await dialog.getByRole('button', { name: `List the files of ${id}` }).click();
  const tree = dialog.getByRole('treegrid');
  await expect(tree.getByRole('row', { name: 'Office (folder)' })).toBeVisible({ timeout: 60_000 });
  // Each data directory's folder opens expanded.
  const ledger = tree.getByRole('checkbox', { name: 'Restore Office/Ledger' });
  await ledger.locator('xpath=ancestor::label[1]').click();
  await expect(ledger).toBeChecked();
  await expect(dialog.getByText(/Ticked: 1 files/)).toBeVisible();
  // The dialog with its list open: no serious or critical axe violation, both themes, down to 1024×640.
  for (const [colorScheme, width, height] of [['light', 1200, 850], ['dark', 1024, 640]] as const) {
    await page.emulateMedia({ colorScheme });
    await page.setViewportSize({ width, height });
    await expect(dialog.getByRole('button', { name: `Restore ${id}` })).toBeInViewport();
    const result = await new AxeBuilder({ page }).analyze();
    expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${colorScheme}: ${v.id}: ${v.help}`)).toEqual([]);
  }
  const to = join(remote, 'restored-part');
  await dialog.getByRole('textbox', { name: "Restore into (a new folder on the Director's computer)" }).fill(to);
  await dialog.getByRole('button', { name: `Restore ${id}` }).click();
  await expect(dialog.getByRole('status').filter({ hasText: 'Restored 1 files' })).toContainText('(the path chosen)', { timeout: 90_000 });
  expect(await filesUnder(to)).toEqual(['Office/Ledger/ledger.db']);
});

test('part of an encrypted copy: its file list decrypted with the pasted key, a path pattern restored', async ({ page }) => {
  const keygen = spawnSync('age-keygen', { encoding: 'utf8' });
  const publicKey = /# public key: (age1[0-9a-z]+)/.exec(keygen.stdout)![1]!;
  await setTarget(remote, [publicKey]);
  const row = await copyFromVault(page);
  await expect(row.locator('.offsite-cell')).toHaveText('USB Disk: copied', { timeout: 90_000 });
  const dialog = await openCopy(page);
  // The list of an encrypted copy needs the key: asked for, not fetched.
  await dialog.getByRole('button', { name: `List the files of ${id}` }).click();
  await expect(dialog.getByText('This copy is encrypted: paste the recovery key')).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Recovery key' }).fill(keygen.stdout);
  await dialog.getByRole('button', { name: `List the files of ${id}` }).click();
  await expect(dialog.getByRole('treegrid').getByRole('row', { name: 'Office (folder)' })).toBeVisible({ timeout: 60_000 });
  await dialog.getByRole('textbox', { name: 'Paths or patterns to restore (one per line)' }).fill('*.pdf');
  const to = join(remote, 'restored-pdf');
  await dialog.getByRole('textbox', { name: "Restore into (a new folder on the Director's computer)" }).fill(to);
  await dialog.getByRole('button', { name: `Restore ${id}` }).click();
  await expect(dialog.getByRole('status').filter({ hasText: 'Restored' })).toContainText('every file matched its SHA-256', { timeout: 90_000 });
  const restored = await filesUnder(to);
  expect(restored.length).toBeGreaterThan(1);
  expect(restored.filter((f) => !f.endsWith('/exhibit-scan.pdf'))).toEqual([]);
  // The key is in no file of the config directory (the manifest was decrypted on a pipe and removed).
  const secret = /AGE-SECRET-KEY-1[0-9A-Z]+/.exec(keygen.stdout)![0];
  const all = await readdir(director.configDir, { recursive: true, withFileTypes: true });
  for (const e of all.filter((x) => x.isFile())) expect(await readFile(join(e.parentPath, e.name), 'latin1')).not.toContain(secret);
  expect(all.filter((e) => e.name.startsWith('manifest-'))).toEqual([]);
});
