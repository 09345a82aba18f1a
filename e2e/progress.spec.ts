import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { startDirector, type RunningDirector } from './fixtures/director.js';
import { configureOffice, startBusyWriter } from './fixtures/office.js';
import { readmeShot } from './fixtures/readme-shot.js';

let director: RunningDirector;
test.beforeEach(async () => {
  director = await startDirector();
});
test.afterEach(async () => {
  await director.stop();
});

/** Record every Status|Phase the page shows, as it shows it. */
async function watchStatus(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { seen: string[] };
    w.seen = [];
    const read = () => `${document.querySelector('[data-testid=status]')?.textContent}|${document.querySelector('[data-testid=phase]')?.textContent}`;
    new MutationObserver(() => {
      const now = read();
      if (w.seen[w.seen.length - 1] !== now) w.seen.push(now);
    }).observe(document.querySelector('.progress-view')!, { subtree: true, childList: true, characterData: true });
  });
}
const seen = (page: Page) => page.evaluate(() => (window as unknown as { seen: string[] }).seen);

test('add a data directory, "Back Up Data Files" runs a hot backup of live data; Status and Phase change live to Complete in two pages at once', async ({ browser }) => {
  const office = await configureOffice(director, { scanBytes: 24 * 1024 * 1024, addDirectory: false });
  const writer = startBusyWriter(office.root);
  try {
    const pageA = await (await browser.newContext()).newPage();
    const pageB = await (await browser.newContext()).newPage();
    for (const page of [pageA, pageB]) {
      await page.goto(director.consoleUrl);
      await expect(page.getByTestId('status')).toHaveText('Inactive');
      await expect(page.getByRole('heading', { name: 'Nothing to back up yet' })).toBeVisible();
    }
    // Add the office's folder in page A; page B follows without a reload.
    await pageA.getByRole('tab', { name: 'Data Directories' }).click();
    await pageA.getByRole('button', { name: 'Add data directory' }).click();
    await pageA.getByRole('textbox', { name: 'Folder', exact: true }).fill(office.root);
    await pageA.getByRole('textbox', { name: 'Label', exact: true }).fill('Office');
    await pageA.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await expect(pageA.getByRole('row').filter({ hasText: office.root })).toBeVisible();
    for (const page of [pageA, pageB]) {
      await expect(page.getByRole('button', { name: 'Back Up Data Files' })).toBeVisible();
      await watchStatus(page);
    }
    await pageA.getByRole('button', { name: 'Back Up Data Files' }).click();

    await expect(pageB.getByTestId('status')).toHaveText('Saving');
    await expect(pageA.getByRole('progressbar', { name: 'Progress' })).toBeVisible();
    await expect(pageA.getByTestId('trigger')).toContainText('On Demand, started by Console');
    // The README's picture of a run in progress (with MB/s and Cancel) comes from progress-rate.spec.ts.

    for (const page of [pageA, pageB]) {
      await expect(page.getByTestId('status')).toHaveText('Complete', { timeout: 60_000 });
      await expect(page.getByTestId('phase')).toHaveText('HotBackup Succeeded');
      await expect(page.getByTestId('last-run')).toContainText(/HotBackup \d{8} succeeded at .* \(On Demand, \d+ files/);
      const statuses = (await seen(page)).map((s) => s.split('|')[0]);
      // Live: each page saw the run pass through its statuses in order, without a reload.
      const order = ['Pending', 'Saving', 'Validating', 'Complete'].map((s) => statuses.indexOf(s));
      expect(order.every((i) => i >= 0), `statuses seen: ${statuses.join(', ')}`).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
    }
    await expect(pageA.getByRole('button', { name: 'Back Up Data Files' })).toBeEnabled();
    await readmeShot(pageA, 'progress-complete');

    const cli = JSON.parse((await director.cli('status', '--json')).stdout);
    expect(cli.lastRun).toMatchObject({ result: 'Succeeded', trigger: 'On Demand' });
    await expect(pageB.getByTestId('last-run')).toContainText(`HotBackup ${cli.lastRun.id} succeeded`);

    const axe = await new AxeBuilder({ page: pageA }).include('.progress-view').analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  } finally {
    await writer.stop();
  }
});
