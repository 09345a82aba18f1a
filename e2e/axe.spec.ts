import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { startDirector, type RunningDirector } from './fixtures/director.js';
import { configureOffice } from './fixtures/office.js';
import { backup } from './fixtures/vault-fixture.js';

// Every view, in the light and the dark theme, at a desktop and a small laptop window:
// no serious or critical axe violation.

let director: RunningDirector;
test.beforeAll(async () => {
  director = await startDirector();
  await configureOffice(director, { scanBytes: 64 * 1024 });
  await backup(director);
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

const tabs = ['Overview', 'Schedule', 'Notification', 'Folder', 'Vault', 'Offsite', 'Data Directories'];

for (const colorScheme of ['light', 'dark'] as const) {
  for (const size of [
    { width: 1280, height: 800 },
    { width: 1024, height: 640 },
  ]) {
    test(`no serious or critical axe violations on every view, ${colorScheme} theme, ${size.width}×${size.height}`, async ({ page }) => {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme });
      await page.goto(director.consoleUrl);
      await expect(page.getByRole('button', { name: 'Back Up Data Files' })).toBeVisible();
      const found: string[] = [];
      for (const tab of tabs) {
        await page.getByRole('tab', { name: tab }).click();
        await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
        found.push(...(await serious(page, tab)));
      }
      expect(found).toEqual([]);
    });
  }
}
