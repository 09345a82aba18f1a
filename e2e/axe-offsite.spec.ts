import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDirector, type RunningDirector } from './fixtures/director.js';
import { configureOffice } from './fixtures/office.js';
import { backup } from './fixtures/vault-fixture.js';

// The Offsite tab, each of its dialogs and the Vault's Offsite column, in the light and the dark
// theme, at a desktop and a small laptop window: no serious or critical axe violation.

let director: RunningDirector;
let remote: string;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  director = await startDirector();
  remote = await mkdtemp(join(tmpdir(), 'hb-e2e-axe-offsite-'));
  await configureOffice(director, { scanBytes: 64 * 1024 });
  await backup(director);
  const target = { id: 'usb', label: 'USB Disk', remote, path: 'hotbackup' };
  expect((await director.cli('settings', 'set', 'offsite.targets', JSON.stringify([target]))).code).toBe(0);
});
test.afterAll(async () => {
  await director.stop();
  await rm(remote, { recursive: true, force: true });
});

async function serious(page: Page, view: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${view}: ${v.id}: ${v.help} (${v.nodes.map((n) => n.html.slice(0, 120)).slice(0, 3).join(' | ')})`);
}

for (const colorScheme of ['light', 'dark'] as const) {
  for (const size of [
    { width: 1280, height: 800 },
    { width: 1024, height: 640 },
  ]) {
    test(`no serious or critical axe violations on the Offsite tab and its dialogs, ${colorScheme} theme, ${size.width}×${size.height}`, async ({ page }) => {
      test.setTimeout(180_000);
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme });
      await page.goto(director.consoleUrl);
      await page.getByRole('tab', { name: 'Offsite' }).click();
      const row = page.getByRole('row').filter({ hasText: 'USB Disk' });
      await row.getByRole('button', { name: 'Test connection to USB Disk' }).click();
      await expect(page.getByTestId('offsite-test-result')).toContainText('Connection works.');
      expect.soft(await serious(page, 'Offsite tab')).toEqual([]);

      /** Scan the open dialog, its buttons in sight, then close it with `close`. */
      const scan = async (name: string, close: string) => {
        const dialog = page.getByRole('dialog', { name });
        await expect(dialog).toBeVisible();
        await expect(dialog.getByRole('button', { name: close })).toBeInViewport();
        expect.soft(await serious(page, name)).toEqual([]);
        await dialog.getByRole('button', { name: close }).click();
        await expect(dialog).toBeHidden();
      };
      await page.getByRole('button', { name: 'Add Offsite Target' }).click();
      const add = page.getByRole('dialog', { name: 'Add Offsite Target' });
      await add.getByRole('button', { name: 'Save' }).click();
      await expect(add.getByText('No label is given')).toBeVisible();
      await scan('Add Offsite Target', 'Cancel');
      await row.getByRole('button', { name: 'Edit target USB Disk' }).click();
      await page.getByRole('dialog').getByRole('radio', { name: 'On the days ticked below at…' }).locator('xpath=ancestor::label[1]').click();
      await scan('Edit Offsite Target "USB Disk"', 'Cancel');
      await row.getByRole('button', { name: 'Copies on USB Disk' }).click();
      await expect(page.getByRole('dialog', { name: 'Copies on "USB Disk"' }).getByText('No copies on this target yet.')).toBeVisible();
      await scan('Copies on "USB Disk"', 'Close');
      await row.getByRole('button', { name: 'Remove target USB Disk' }).click();
      await scan('Remove Offsite Target', 'Cancel');
      await page.getByRole('button', { name: 'Generate key pair' }).click();
      await scan('Generate Key Pair', 'Cancel');
      await page.getByRole('button', { name: 'Generate key pair' }).click();
      await page.getByRole('dialog', { name: 'Generate Key Pair' }).getByRole('button', { name: 'Generate key pair' }).click();
      await scan('Recovery Key', 'I have stored the key');

      await page.getByRole('tab', { name: 'Vault' }).click();
      await expect(page.getByRole('columnheader', { name: 'Offsite' })).toBeVisible();
      expect.soft(await serious(page, 'Vault with offsite')).toEqual([]);
    });
  }
}
