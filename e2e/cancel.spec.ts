import { expect, test } from '@playwright/test';
import { startDirector, type RunningDirector } from './fixtures/director.js';
import { configureOffice } from './fixtures/office.js';

// Cancel from the console (issue 14 point 2): Cancel… asks first, "Keep Running" changes nothing,
// "Cancel HotBackup" ends the run Failed "cancelled by <the signed-in account>".

let director: RunningDirector;
test.beforeEach(async () => {
  director = await startDirector();
});
test.afterEach(async () => {
  await director.stop();
});

test('Cancel… in the Progress view asks, then ends the run Failed "cancelled by …", listed in hotbackup history', async ({ page }) => {
  await configureOffice(director, { scanBytes: 96 * 1024 * 1024 });
  await page.goto(director.consoleUrl);
  await page.getByRole('button', { name: 'Back Up Data Files' }).click();
  await expect(page.getByTestId('status')).not.toHaveText('Inactive');

  await page.getByRole('button', { name: 'Cancel…' }).click();
  const ask = page.getByRole('alertdialog', { name: 'Cancel the HotBackup' });
  await expect(ask).toContainText('Cancel the HotBackup in progress?');
  await ask.getByRole('button', { name: 'Keep Running' }).click();
  await expect(ask).toBeHidden();

  await page.getByRole('button', { name: 'Cancel…' }).click();
  await page.getByRole('alertdialog', { name: 'Cancel the HotBackup' }).getByRole('button', { name: 'Cancel HotBackup' }).click();
  await expect(page.getByTestId('status')).toHaveText('Failed', { timeout: 30_000 });
  await expect(page.getByTestId('last-run')).toContainText(/failed at .*: cancelled by /);

  const history = JSON.parse((await director.cli('history', '--json')).stdout);
  expect(history.entries.at(-1)).toMatchObject({ result: 'Failed', causeKind: 'cancelled' });
  expect(history.entries.at(-1).cause).toMatch(/^cancelled by /);
});
