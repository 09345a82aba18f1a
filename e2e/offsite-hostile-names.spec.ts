import { expect, test } from '@playwright/test';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDirector, type RunningDirector } from './fixtures/director.js';
import { configureOffice } from './fixtures/office.js';
import { backup } from './fixtures/vault-fixture.js';

// A copy's file list in the console comes from the copy's MANIFEST.json: names a client (or an
// attacker who can write into a data directory, or a hostile target) chose. They show as text,
// never as markup, and a name that is not UTF-8 shows escaped; such a file restores by ticking it.

let director: RunningDirector;
let remote: string;
test.beforeEach(async () => {
  test.setTimeout(180_000);
  director = await startDirector();
  remote = await mkdtemp(join(tmpdir(), 'hb-e2e-offsite-names-'));
});
test.afterEach(async () => {
  await director.stop();
  await rm(remote, { recursive: true, force: true });
});

test("a copy's file list shows hostile names as text, not markup; one is restored by ticking it", async ({ page }) => {
  const office = await configureOffice(director, { scanBytes: 16 * 1024 });
  const odd = join(office.root, 'Clients', '"><img src=x onerror=window.__hb_xss=1>');
  await mkdir(odd, { recursive: true });
  await writeFile(join(odd, '<svg onload=window.__hb_xss=2>.txt'), 'hostile name\n');
  await writeFile(Buffer.concat([Buffer.from(join(office.root, 'Clients') + '/caf'), Buffer.from([0xe9]), Buffer.from('.txt')]), 'latin-1 name\n');
  const id = await backup(director);
  const target = { id: 'usb', label: 'USB "Disk" <b>x</b>', remote, path: 'hotbackup' };
  expect((await director.cli('settings', 'set', 'offsite.targets', JSON.stringify([target]))).code).toBe(0);
  expect((await director.cli('offsite', 'copy', id, '--target', 'usb')).code).toBe(0);

  await page.goto(director.consoleUrl);
  await page.getByRole('tab', { name: 'Offsite' }).click();
  await expect(page.getByText('USB "Disk" <b>x</b>').first()).toBeVisible();
  await page.getByRole('button', { name: 'Copies on USB "Disk" <b>x</b>' }).click();
  const dialog = page.getByRole('dialog', { name: 'Copies on "USB "Disk" <b>x</b>"' });
  await dialog.getByRole('row').filter({ hasText: id }).getByRole('rowheader').click();
  await dialog.getByRole('radio', { name: 'Only some files and folders' }).locator('xpath=ancestor::label[1]').click();
  await dialog.getByRole('button', { name: `List the files of ${id}` }).click();
  const tree = dialog.getByRole('treegrid');
  await tree.getByRole('button', { name: 'Expand Clients Clients (folder)' }).click({ timeout: 60_000 });
  const folder = tree.getByRole('row', { name: '"><img src=x onerror=window.__hb_xss=1> (folder)' });
  await expect(folder).toBeVisible({ timeout: 60_000 });
  await folder.getByRole('button', { name: /^Expand / }).click();
  await expect(tree.getByText('<svg onload=window.__hb_xss=2>.txt')).toBeVisible();
  await expect(tree.getByText(/caf.*\.txt/)).toBeVisible();
  expect(await page.locator('img[src="x"], svg[onload], [onerror]').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __hb_xss?: number }).__hb_xss ?? null)).toBeNull();

  const box = tree.getByRole('checkbox', { name: 'Restore Office/Clients/"><img src=x onerror=window.__hb_xss=1>/<svg onload=window.__hb_xss=2>.txt' });
  await box.locator('xpath=ancestor::label[1]').click();
  const to = join(remote, 'restored');
  await dialog.getByRole('textbox', { name: "Restore into (a new folder on the Director's computer)" }).fill(to);
  await dialog.getByRole('button', { name: `Restore ${id}` }).click();
  await expect(dialog.getByRole('status').filter({ hasText: 'Restored 1 files' })).toBeVisible({ timeout: 90_000 });
  expect(await readdir(join(to, 'Office', 'Clients', '"><img src=x onerror=window.__hb_xss=1>'))).toEqual(['<svg onload=window.__hb_xss=2>.txt']);
});
