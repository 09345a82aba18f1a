import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDirector, type RunningDirector } from './fixtures/director.js';
import { readmeShot } from './fixtures/readme-shot.js';
import { startWebdav } from './fixtures/webdav.js';

// The Offsite tab against a real Director, real rclone (a local folder and `rclone serve webdav`)
// and real age-keygen.

let director: RunningDirector;
let remote: string;
test.beforeEach(async () => {
  director = await startDirector();
  remote = await mkdtemp(join(tmpdir(), 'hb-e2e-offsite-'));
});
test.afterEach(async () => {
  await director.stop();
  await rm(remote, { recursive: true, force: true });
});

const box = (scope: Locator, name: string) => scope.getByRole('textbox', { name, exact: true });
const settingsFile = () => readFile(join(director.configDir, 'settings.json'), 'utf8');

async function openOffsite(page: Page) {
  await page.goto(director.consoleUrl);
  await page.getByRole('tab', { name: 'Offsite' }).click();
  await expect(page.getByRole('heading', { name: 'HotBackup Offsite' })).toBeVisible();
}

/** Every file under the config directory, as text (the recovery key must be in none). */
async function configText(dir = director.configDir): Promise<string> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return (await Promise.all(files.map((f) => readFile(f, 'latin1')))).join('\n');
}

test('add a local-folder target with the form checks, test it, generate a key shown once, never stored', async ({ page }) => {
  await openOffsite(page);
  await expect(page.getByText('No offsite targets yet.')).toBeVisible();
  await page.getByRole('button', { name: 'Add Offsite Target' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add Offsite Target' });
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByRole('alert').filter({ hasText: 'Nothing was saved: correct the fields marked above.' })).toBeVisible();
  await expect(dialog.getByText('No label is given')).toBeVisible();
  await expect(dialog.getByText('No remote is given')).toBeVisible();
  await box(dialog, 'Remote or folder').fill('usb-disk');
  await box(dialog, 'Encrypt for (age public keys)').fill('AGE-SECRET-KEY-1QQQ');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog.getByText('"usb-disk" is neither an rclone remote name')).toBeVisible();
  await expect(dialog.getByText('This is a secret (recovery) key: paste only the public key')).toBeVisible();

  await box(dialog, 'Label').fill('USB Disk');
  await box(dialog, 'Remote or folder').fill(remote);
  await box(dialog, 'Folder on the remote').fill('hotbackup');
  await box(dialog, 'Encrypt for (age public keys)').fill('');
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await expect(dialog.getByTestId('offsite-test-result')).toContainText(`Connection works. "USB Disk": ${remote}/hotbackup can be written and read`);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Offsite target "USB Disk" added.' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: 'USB Disk' });
  await expect(row).toContainText(`${remote}/hotbackup`);
  await expect(row).toContainText('After every successful HotBackup');
  await expect(row).toContainText('Keeps 6 (Recent + Archive)');
  await expect(row.getByTestId('last-copy')).toHaveText('No copy yet');
  await expect(row).toContainText('Off');
  expect(JSON.parse(await settingsFile()).offsite.targets).toMatchObject([{ id: 'usb-disk', label: 'USB Disk', remote, path: 'hotbackup', recipients: [] }]);

  await row.getByRole('button', { name: 'Test connection to USB Disk' }).click();
  await expect(page.getByTestId('offsite-test-result')).toContainText('Connection works.');

  await page.getByRole('button', { name: 'Generate key pair' }).click();
  const keygen = page.getByRole('dialog', { name: 'Generate Key Pair' });
  await expect(keygen.getByRole('checkbox', { name: 'USB Disk' })).toBeChecked();
  await keygen.getByRole('button', { name: 'Generate key pair' }).click();
  const sheet = page.getByRole('dialog', { name: 'Recovery Key' });
  await expect(sheet.getByRole('alert').filter({ hasText: 'Shown only this once.' })).toBeVisible();
  const secret = (await sheet.getByTestId('recovery-key').textContent()) ?? '';
  expect(secret).toMatch(/^# created: .*\n# public key: age1[0-9a-z]{58}\nAGE-SECRET-KEY-1[0-9A-Z]+\n$/);
  const publicKey = /public key: (age1[0-9a-z]+)/.exec(secret)![1]!;
  await expect(sheet.getByTestId('sheet-targets')).toHaveText('USB Disk');
  await expect(sheet).toContainText('cat BACKUP.age.0* | age -d -i key.txt | tar -xz');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: director.origin });
  await sheet.getByRole('button', { name: 'Copy key' }).click();
  await expect(sheet.getByRole('status').filter({ hasText: 'The recovery key is on the clipboard' })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  // Printed, the sheet stands alone: no console behind it, no buttons.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.app')).toBeHidden();
  await expect(sheet.getByTestId('recovery-key')).toBeVisible();
  await expect(sheet.getByText('cat BACKUP.age.0* | age -d -i key.txt | tar -xz')).toBeVisible();
  await expect(sheet.getByRole('button', { name: 'Print recovery sheet' })).toBeHidden();
  await page.emulateMedia({ media: 'screen' });
  await readmeShot(page, 'offsite-recovery-sheet');
  // The public key is a recipient now; the secret key is nowhere in the Director's files.
  expect(JSON.parse(await settingsFile()).offsite.targets[0].recipients).toEqual([publicKey]);
  expect(await configText()).not.toContain('AGE-SECRET-KEY-1');
  await sheet.getByRole('button', { name: 'I have stored the key' }).click();
  await expect(sheet).toBeHidden();
  await expect(row).toContainText('On (1 key)');
  await readmeShot(page, 'offsite-tab', { fullPage: true });

  await page.reload();
  await page.getByRole('tab', { name: 'Offsite' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'USB Disk' })).toContainText('On (1 key)');
  await expect(page.getByText(/AGE-SECRET-KEY/)).toHaveCount(0);
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('a WebDAV target (rclone serve webdav on 127.0.0.1): test connection works, then fails in words when the server is down; a stale save is refused', async ({ page }) => {
  const dav = await startWebdav(remote);
  try {
    await openOffsite(page);
    await page.getByRole('button', { name: 'Add Offsite Target' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add Offsite Target' });
    await box(dialog, 'Label').fill('Office DAV');
    await box(dialog, 'Remote or folder').fill('dav:');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByText('"dav:" names an rclone remote: give your rclone.conf below, or the backend type')).toBeVisible();
    await box(dialog, 'Backend type').fill('webdav');
    await box(dialog, 'Backend options').fill(`url = ${dav.url}\nvendor = other`);
    await box(dialog, 'Folder on the remote').fill('office');
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await expect(dialog.getByTestId('offsite-test-result')).toContainText('Connection works. "Office DAV": dav:office can be written and read');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    expect(JSON.parse(await settingsFile()).offsite.targets[0]).toMatchObject({ remote: 'dav:', backend: { type: 'webdav', options: { url: dav.url, vendor: 'other' } } });

    await dav.stop();
    const row = page.getByRole('row').filter({ hasText: 'Office DAV' });
    await row.getByRole('button', { name: 'Test connection to Office DAV' }).click();
    await expect(page.getByTestId('offsite-test-result')).toContainText('Connection failed:');
    await expect(page.getByTestId('offsite-test-result')).toContainText('nothing answers at that address');

    // Another console changes the settings while this form is open: the save is refused, nothing lost.
    await row.getByRole('button', { name: 'Edit target Office DAV' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Offsite Target "Office DAV"' });
    await expect(box(edit, 'Backend options')).toHaveValue(`url = ${dav.url}\nvendor = other`);
    expect((await director.cli('settings', 'set', 'retention.recent', '5')).code).toBe(0);
    await box(edit, 'Copies kept').fill('3');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect(edit.getByRole('alert').filter({ hasText: 'Nothing was saved' })).toContainText('changed in another console');
    expect(JSON.parse(await settingsFile()).offsite.targets[0].retention).toBeNull();
  } finally {
    await dav.stop();
  }
});
