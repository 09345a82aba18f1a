import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startDirector, type RunningDirector } from './fixtures/director.js';
import { configureOffice } from './fixtures/office.js';
import { backup } from './fixtures/vault-fixture.js';

// Every dialog open, in the light and the dark theme, at a desktop and a small laptop window:
// no serious or critical axe violation. Each dialog is opened as a user opens it, scanned with
// the page behind it, and closed with its own Cancel or Close.

let director: RunningDirector;
let id = '';
test.beforeAll(async () => {
  test.setTimeout(180_000);
  director = await startDirector();
  await configureOffice(director, { scanBytes: 64 * 1024 });
  await backup(director);
  id = await backup(director);
  expect((await director.cli('schedule', 'add', '--days', 'weekdays', '--times', '12:30')).code).toBe(0);
});
test.afterAll(async () => {
  await director.stop();
});

async function serious(page: Page, view: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${view}: ${v.id}: ${v.help} (${v.nodes.map((n) => n.html.slice(0, 120)).slice(0, 3).join(' | ')})`);
}

const openDialog = (page: Page) => page.locator('[role="dialog"], [role="alertdialog"]').last();

/** Tick a react-aria checkbox: its input is visually hidden, so press its label as a user does. */
async function tick(box: Locator) {
  await box.locator('xpath=ancestor::label[1]').click();
  await expect(box).toBeChecked();
}

async function tab(page: Page, name: string) {
  await page.getByRole('tab', { name }).click();
  await expect(page.getByRole('tab', { name })).toHaveAttribute('aria-selected', 'true');
}

for (const colorScheme of ['light', 'dark'] as const) {
  for (const size of [
    { width: 1280, height: 800 },
    { width: 1024, height: 640 },
  ]) {
    test(`no serious or critical axe violations in any open dialog, ${colorScheme} theme, ${size.width}×${size.height}`, async ({ page }) => {
      test.setTimeout(240_000);
      expect((await director.cli('settings', 'set', 'retention', JSON.stringify({ recent: 4, archive: 2 }))).code).toBe(0);
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme });
      await page.goto(director.consoleUrl);
      await expect(page.getByRole('button', { name: 'Back Up Data Files' })).toBeVisible();
      /** Scan with the dialog open, then close it with `close` (a button in it). */
      const scan = async (view: string, close: string | RegExp) => {
        const dialog = openDialog(page);
        await expect(dialog).toBeVisible();
        // The dialog's own action bar is in sight (sticky), even at 1024×640.
        await expect(dialog.getByRole('button', { name: close }).last()).toBeInViewport();
        expect.soft(await serious(page, view)).toEqual([]);
        await dialog.getByRole('button', { name: close }).last().click();
      };

      await tab(page, 'Vault');
      const vaultRow = page.getByRole('grid', { name: 'HotBackups in the HotBackup folder' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: id, exact: true }) });
      await tick(vaultRow.getByRole('checkbox'));
      await page.getByRole('button', { name: 'Details' }).click();
      await expect(openDialog(page)).toContainText('Detail Report');
      await scan('Detail Report', 'Close');
      await page.getByRole('button', { name: 'Restore…' }).click();
      await expect(openDialog(page)).toContainText('Where to put the files');
      await scan('Restore wizard', 'Cancel');
      await page.getByRole('button', { name: 'Browse…' }).click();
      const browse = page.getByRole('dialog', { name: `Browse HotBackup ${id}` });
      await browse.getByRole('rowheader', { name: /^Office/ }).getByText('Office', { exact: true }).click();
      await expect(browse.getByRole('navigation', { name: 'Folder' })).toContainText('Office');
      await tick(browse.getByRole('row').nth(1).getByRole('checkbox'));
      expect.soft(await serious(page, 'Browse')).toEqual([]);
      await browse.getByRole('button', { name: 'Restore selected…' }).click();
      await expect(openDialog(page)).toContainText('ticked in Browse');
      await scan('Restore wizard from Browse', 'Cancel');
      await page.getByRole('button', { name: 'Delete…' }).click();
      await scan('Delete confirmation', 'Cancel');

      await tab(page, 'Data Directories');
      await page.getByRole('button', { name: 'Add data directory' }).click();
      await scan('Add Data Directory', 'Cancel');
      await page.getByRole('button', { name: 'Edit Office' }).click();
      await scan('Edit Data Directory', 'Cancel');
      await page.getByRole('button', { name: 'Remove Office' }).click();
      await scan('Traffic light before removing a data directory', 'Cancel');

      await tab(page, 'Schedule');
      await page.getByRole('button', { name: 'Schedule Recurring HotBackups' }).click();
      await scan('Schedule Recurring HotBackups', 'Cancel');
      await page.getByRole('button', { name: 'Suspend all…' }).click();
      await scan('Suspend Scheduled HotBackups', 'Cancel');

      await tab(page, 'Notification');
      await page.getByRole('button', { name: 'Configure E-mail Server' }).click();
      await scan('Configure E-mail Server', 'Cancel');
      await page.getByRole('button', { name: 'Add New Message' }).click();
      await scan('Notification Message', 'Cancel');

      await tab(page, 'Folder');
      const field = (name: string) => page.getByRole('textbox', { name, exact: true });
      await expect(field('Recent')).toHaveValue('4');
      await field('Recent').fill('1');
      await field('Archive').fill('0');
      await page.getByRole('button', { name: 'Save' }).click();
      await expect(openDialog(page)).toContainText('at the next run');
      await scan('Lower counts: which backups the next run deletes', 'Cancel');
      // Settings changed in another console meanwhile: the refusal with the difference.
      expect((await director.cli('settings', 'set', 'retention.recent', '6')).code).toBe(0);
      await field('Recent').fill('5');
      await field('Archive').fill('2');
      await page.getByRole('button', { name: 'Save' }).click();
      await expect(page.getByRole('alert').filter({ hasText: 'changed in another console' })).toBeVisible();
      expect.soft(await serious(page, 'Settings conflict')).toEqual([]);
      await page.getByRole('button', { name: 'Revert' }).click();
    });
  }
}
