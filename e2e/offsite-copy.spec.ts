import { expect, test, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDirector, type RunningDirector } from './director.js';
import { configureOffice } from './office.js';
import { backup, listJson } from './vault-fixture.js';

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
