import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startDirector, type RunningDirector } from './fixtures/director.js';
import { configureOffice } from './fixtures/office.js';
import { backup, listJson } from './fixtures/vault-fixture.js';

// A new backup drive (issue 14, the drive's identity): a run on a drive the Director has not seen
// fails "Is the backup drive connected?"; the Overview offers "Use this drive…" beside it, asks
// first, and after drive.adopt the next backup goes to the new drive. Real Director, real runs.

let director: RunningDirector;
test.beforeEach(async () => {
  director = await startDirector();
});
test.afterEach(async () => {
  await director.stop();
});

test('"Use this drive…" on the Overview adopts the new drive after a confirmation; the next backup goes to it', async ({ page }) => {
  const office = await configureOffice(director, { scanBytes: 64 * 1024 });
  const first = await backup(director);
  // The drive swapped for a new, empty one mounted at the same path.
  await rename(office.hotBackupFolder, `${office.hotBackupFolder}-old-drive`);
  await mkdir(office.hotBackupFolder);
  const refused = await director.cli('backup', '--json', '--user', 'e2e');
  expect(refused.code).not.toBe(0);
  expect(refused.stdout + refused.stderr).toContain('Is the backup drive connected?');
  expect(existsSync(join(office.hotBackupFolder, 'HOTBACKUP.ID'))).toBe(false);

  await page.goto(director.consoleUrl);
  const warning = page.getByTestId('overview-warnings').locator('li[data-kind="drive"]');
  await expect(warning).toContainText('Is the backup drive connected?');
  await expect(warning).toContainText('is not the backup drive used before');

  // Asked first: "Not Now" changes nothing.
  await warning.getByRole('button', { name: 'Use this drive…' }).click();
  const ask = page.getByRole('alertdialog', { name: 'Use this drive' });
  await expect(ask).toContainText('Use the drive now connected as a backup drive?');
  await ask.getByRole('button', { name: 'Not Now' }).click();
  await expect(ask).toBeHidden();
  expect(existsSync(join(office.hotBackupFolder, 'HOTBACKUP.ID'))).toBe(false);

  await warning.getByRole('button', { name: 'Use this drive…' }).click();
  await page.getByRole('alertdialog', { name: 'Use this drive' }).getByRole('button', { name: 'Use This Drive' }).click();
  await expect(page.getByTestId('drive-adopted')).toContainText(`The drive at ${office.hotBackupFolder} is a backup drive of this HotBackup now`);
  const folderId = (JSON.parse(readFileSync(join(office.hotBackupFolder, 'HOTBACKUP.ID'), 'utf8')) as { folderId: string }).folderId;
  await expect(page.getByTestId('drive-adopted')).toContainText(folderId);

  // The next backup goes to the new drive, with a new ID (never the old drive's).
  const second = await backup(director);
  expect(second).not.toBe(first);
  expect((await listJson(director)).map((r) => [r.id, r.result])).toEqual([[second, 'Succeeded']]);
});

test('"Use this drive…" when the drive is not connected at all says so and adopts nothing', async ({ page }) => {
  const office = await configureOffice(director, { scanBytes: 64 * 1024 });
  await backup(director);
  await rename(office.hotBackupFolder, `${office.hotBackupFolder}-unplugged`);
  expect((await director.cli('backup', '--json', '--user', 'e2e')).code).not.toBe(0);
  await page.goto(director.consoleUrl);
  const warning = page.getByTestId('overview-warnings').locator('li[data-kind="drive"]');
  await expect(warning).toContainText('is missing, but backups were made there before');
  await warning.getByRole('button', { name: 'Use this drive…' }).click();
  await page.getByRole('alertdialog', { name: 'Use this drive' }).getByRole('button', { name: 'Use This Drive' }).click();
  await expect(page.getByRole('alert')).toContainText(`The HotBackup folder ${office.hotBackupFolder} does not exist: connect (mount) the backup drive`);
  expect(existsSync(office.hotBackupFolder)).toBe(false);
});
