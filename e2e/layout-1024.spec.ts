import { expect, test, type Locator } from '@playwright/test';
import { join } from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';
import { startDirector, type RunningDirector } from './fixtures/director.js';
import { makeVault, type VaultOffice } from './fixtures/vault-fixture.js';

// #18 polish at the smallest supported window (1024×640): a backup ID is never cut in two, the
// Vault's last column (Error) is on screen, and a "Saved …" line does not stay for ever.

let director: RunningDirector;
test.afterEach(async () => {
  await director.stop();
});

/** How many lines the first occurrence of `part` inside `el`'s text is laid out on. */
const linesOf = (el: Locator, part: string) =>
  el.evaluate((node, want) => {
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    let text = '';
    const nodes: [Text, number][] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      nodes.push([n as Text, text.length]);
      text += (n as Text).data;
    }
    const at = text.indexOf(want);
    if (at < 0) return -1;
    const tops = new Set<number>();
    for (let i = at; i < at + want.length; i++) {
      const [t, start] = nodes.filter(([, s]) => s <= i).pop() as [Text, number];
      const r = document.createRange();
      r.setStart(t, i - start);
      r.setEnd(t, i - start + 1);
      const rect = r.getBoundingClientRect();
      if (rect.width > 0) tops.add(Math.round(rect.top));
    }
    return tops.size;
  }, part);

test.describe('Vault at 1024×640', () => {
  let office: VaultOffice;
  test.beforeEach(async () => {
    test.setTimeout(180_000);
    director = await startDirector();
    office = await makeVault(director);
  });

  for (const theme of ['light', 'dark'] as const) {
    test(`the Detail Report keeps the backup ID whole in "Stored in", and the Error column is on screen (${theme})`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: theme });
      await page.setViewportSize({ width: 1024, height: 640 });
      await page.goto(director.consoleUrl);
      await page.getByRole('tab', { name: 'Vault' }).click();
      const table = page.getByRole('grid', { name: 'HotBackups in the HotBackup folder' });
      const failedRow = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: office.ids.failed, exact: true }) });
      await expect(failedRow).toBeVisible();
      // The Error column: its header and the failed run's reason are inside the window, not cut off.
      const header = table.getByRole('columnheader', { name: 'Error' });
      const box = await header.boundingBox();
      expect(box).not.toBeNull();
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(1024);
      const errorCell = failedRow.getByRole('gridcell').filter({ hasText: 'kept changing' });
      const cell = await errorCell.boundingBox();
      expect((cell?.x ?? 0) + (cell?.width ?? 0)).toBeLessThanOrEqual(1024);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);

      await failedRow.getByRole('rowheader').dblclick();
      const report = page.getByRole('dialog', { name: /HotBackup Detail Report/ });
      await expect(report).toBeVisible();
      const id = ((await report.getByRole('heading').first().textContent()) ?? '').match(/\d{8,}/)?.[0] ?? 'no ID';
      const stored = report.getByText('Stored in', { exact: true }).locator('xpath=following-sibling::dd');
      await expect(stored).toContainText(id);
      expect(await linesOf(stored, id)).toBe(1);

      // No step of the report is hidden under the button bar: each row brought into view at the
      // bottom (as Tab or find-in-page does) is itself at its bottom edge, not the bar, and
      // nothing of the report lies under the bar.
      const bar = report.locator('.report-actions');
      await expect(bar.getByRole('button', { name: 'Close' })).toBeInViewport();
      const rows = report.locator('.report-steps tbody tr');
      expect(await rows.count()).toBeGreaterThan(5);
      const hidden = await rows.evaluateAll((all) =>
        all.flatMap((row) => {
          row.scrollIntoView({ block: 'end' });
          const r = row.getBoundingClientRect();
          const at = document.elementFromPoint(r.left + 8, r.bottom - 3);
          return at && row.contains(at) ? [] : [`${row.textContent ?? ''} (covered by ${at?.closest('[class]')?.className ?? 'nothing'})`];
        }),
      );
      expect(hidden).toEqual([]);
      const reportBottom = await report.locator('.report-steps').evaluate((t) => {
        const scroller = t.closest('.report-body');
        return scroller ? scroller.getBoundingClientRect().bottom : t.getBoundingClientRect().bottom;
      });
      expect(reportBottom).toBeLessThanOrEqual(((await bar.boundingBox())?.y ?? 0) + 0.5);
      await report.getByRole('button', { name: 'Close' }).click();
      await expect(report).toBeHidden();
    });
  }
});

test('"Saved /path." on Data Directories clears on the next edit and after a while', async ({ page }) => {
  director = await startDirector();
  const hb = join(director.configDir, 'HotBackup');
  const office = join(director.configDir, 'Office');
  await mkdir(office, { recursive: true });
  await writeFile(join(office, 'a.txt'), 'a');
  expect((await director.cli('settings', 'set', 'folder.path', hb)).code).toBe(0);
  await page.clock.install();
  await page.goto(director.consoleUrl);
  await page.getByRole('tab', { name: 'Data Directories' }).click();
  const saved = page.getByRole('status').filter({ hasText: `Saved ${office}.` });
  const add = async () => {
    await page.getByRole('button', { name: 'Add data directory' }).click();
    const dialog = page.getByRole('dialog', { name: /Data Directory/ });
    await dialog.getByRole('textbox', { name: 'Folder', exact: true }).fill(office);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(saved).toBeVisible();
  };
  await add();
  // The next edit: opening Edit clears it.
  await page.getByRole('button', { name: `Edit ${office}` }).click();
  await expect(saved).toHaveCount(0);
  await page.getByRole('dialog', { name: /Data Directory/ }).getByRole('button', { name: 'Cancel' }).click();
  // After a while it goes by itself: saved again from Edit, then the clock runs on.
  await page.getByRole('button', { name: `Edit ${office}` }).click();
  await page.getByRole('dialog', { name: /Data Directory/ }).getByRole('button', { name: 'Save' }).click();
  await expect(saved).toBeVisible();
  await page.clock.fastForward(60_000);
  await expect(saved).toHaveCount(0);
});
