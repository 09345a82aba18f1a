import { expect, test } from '@playwright/test';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, startDirector, type RunningDirector } from './fixtures/director.js';
import { configureOffice } from './fixtures/office.js';

let director: RunningDirector;
test.afterEach(async () => {
  await director.stop();
});

for (const c of [
  { name: 'a wrong access key', hash: `#token=${'0'.repeat(64)}`, title: 'The access key in this address is wrong' },
  { name: 'no access key', hash: '', title: 'This address has no access key' },
]) {
  test(`${c.name} in the address says so and how to get the right address; no made-up content, no live buttons`, async ({ page }) => {
    director = await startDirector();
    await page.goto(`${director.origin}/${c.hash}`);
    const card = page.getByRole('alert').filter({ hasText: c.title });
    await expect(card).toBeVisible();
    await expect(card).toContainText('hotbackup console-url');
    await expect(page.getByText('No HotBackup has run yet')).toHaveCount(0);
    await expect(page.getByRole('tab')).toHaveCount(0);
    await expect(page.getByRole('button')).toHaveCount(0);

    // The command the page names prints the right address, and that address connects.
    const url = await director.cli('console-url');
    expect(url.code).toBe(0);
    expect(url.stdout.trim()).toBe(director.consoleUrl);
    await page.goto(url.stdout.trim());
    await page.reload();
    await expect(page.getByText('Connected to the Director')).toBeVisible();
    await expect(page.getByTestId('connection-overlay')).toHaveCount(0);
  });
}

test('while the Director is down a banner covers the page, actions are out of reach, and a click made then is not done after reconnecting', async ({
  page,
}) => {
  const configDir = await mkdtemp(join(tmpdir(), 'hb-e2e-conn-'));
  director = await startDirector({ configDir });
  const office = await configureOffice(director);
  const port = new URL(director.origin).port;
  await page.goto(director.consoleUrl);
  const backUp = page.getByRole('button', { name: 'Back Up Data Files' });
  await expect(backUp).toBeVisible();

  await director.stop();
  const card = page.getByRole('alert').filter({ hasText: 'Connection to the HotBackup Director lost' });
  await expect(card).toBeVisible();
  await expect(card).toContainText('nothing clicked now is done later');
  // The page is inert (no focus, no keyboard) and a pointer click on the button lands on the banner.
  await expect(page.locator('.app')).toHaveAttribute('inert', '');
  const hit = await backUp.evaluate((b) => {
    const r = b.getBoundingClientRect();
    return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)?.closest('[data-testid=connection-overlay]') !== null;
  });
  expect(hit).toBe(true);
  // A click that gets through anyway (a script, a stale handler) is refused on the spot, not kept for later.
  await page.locator('button', { hasText: 'Back Up Data Files' }).evaluate((b: HTMLButtonElement) => b.click());
  await expect(page.locator('.progress-view [role=alert]')).toContainText('Not connected to the HotBackup Director, so nothing was done');

  director = await startDirector({ configDir, listen: `127.0.0.1:${port}` });
  await expect(page.getByTestId('connection-overlay')).toHaveCount(0);
  await expect(backUp).toBeVisible();
  // The console's own reload after reconnecting answers after anything queued would have run.
  await expect(page.getByTestId('status')).toHaveText('Inactive');
  const status = await runCli(configDir, ['status', '--json']);
  expect(JSON.parse(status.stdout)).toMatchObject({ status: 'Inactive', lastRun: null });
  const log = await readFile(join(office.hotBackupFolder, 'BACKUP.LOG'), 'utf8').catch(() => '');
  expect(log).not.toMatch(/On Demand/);
  await director.stop();
  await rm(configDir, { recursive: true, force: true });
});
