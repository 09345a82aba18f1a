import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { runCli, startDirector, type RunningDirector } from './fixtures/director.js';
import { configureOffice } from './fixtures/office.js';
import { readmeShot } from './fixtures/readme-shot.js';
import { backup, failingBackup } from './fixtures/vault-fixture.js';

// The Overview, the console's landing tab, against real Directors: "are my backups OK?".

let director: RunningDirector | null = null;
test.afterEach(async () => {
  await director?.stop();
  director = null;
});

async function openOverview(page: Page, d: RunningDirector) {
  await page.goto(d.consoleUrl);
  // The landing tab: selected without a click.
  await expect(page.getByRole('tab', { name: 'Overview' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('health')).toBeVisible();
}

const warning = (page: Page, kind: string) => page.getByTestId('overview-warnings').locator(`li[data-kind="${kind}"]`);

test('healthy: green, the last good backup a moment ago, the next scheduled run, free space against the last backup, no warnings', async ({ page }) => {
  director = await startDirector();
  await configureOffice(director, { scanBytes: 256 * 1024 });
  expect((await director.cli('schedule', 'add', '--days', 'everyday', '--times', '03:00')).code).toBe(0);
  const id = await backup(director);
  await openOverview(page, director);
  await expect(page.getByTestId('health')).toHaveAttribute('data-health', 'green');
  await expect(page.getByTestId('health')).toContainText('All good');
  await expect(page.getByTestId('health-reason')).toHaveText('The last HotBackup succeeded and nothing needs attention');
  await expect(page.getByTestId('last-good')).toContainText(new RegExp(`^(just now|\\d+ minutes? ago) \\(.+\\) · HotBackup ${id}$`));
  await expect(page.getByTestId('last-result')).toContainText(`HotBackup ${id} succeeded at`);
  await expect(page.getByTestId('next-run')).toContainText(/03:00/);
  await expect(page.getByTestId('free-space')).toContainText(/^[\d.]+ [KMGT]?i?B free · the last backup took [\d.]+ [KMGT]?i?B \(room for (about \d+|99\+) more\)$/);
  await expect(page.getByTestId('no-warnings')).toHaveText('None.');
  await readmeShot(page, 'overview');
});

test('a failed last run: red, the failure with its phase and cause, a link to the Vault', async ({ page }) => {
  test.setTimeout(120_000);
  director = await startDirector();
  const office = await configureOffice(director, { scanBytes: 64 * 1024 });
  expect((await director.cli('settings', 'set', 'engine.settleAttempts', '1')).code).toBe(0);
  await backup(director);
  const failed = await failingBackup(director, office.root);
  await openOverview(page, director);
  await expect(page.getByTestId('health')).toHaveAttribute('data-health', 'red');
  await expect(page.getByTestId('health-reason')).toHaveText('The last HotBackup failed');
  await expect(page.getByTestId('last-result')).toContainText(new RegExp(`^HotBackup ${failed} failed at .+ in "Locking Files": .*kept changing`));
  // The last good one is still the one before.
  await expect(page.getByTestId('last-good')).toContainText('HotBackup');
  await expect(page.getByTestId('last-good')).not.toContainText(failed);
  await warning(page, 'last-failed').getByRole('button', { name: 'Fix on Vault' }).click();
  await expect(page.getByRole('tab', { name: 'Vault' })).toHaveAttribute('aria-selected', 'true');
});

test('a missing data folder: red, named, with a link to Data Directories; the next run fails early and shows as the last result', async ({ page }) => {
  director = await startDirector();
  const office = await configureOffice(director, { scanBytes: 64 * 1024 });
  await backup(director);
  await rm(office.root, { recursive: true, force: true });
  await openOverview(page, director);
  await expect(page.getByTestId('health')).toHaveAttribute('data-health', 'red');
  await expect(page.getByTestId('health-reason')).toHaveText('Data directory "Office" cannot be read');
  await expect(warning(page, 'missing-data')).toContainText(`"${office.root}" does not exist`);
  // A run now fails before it has a backup folder; the Overview follows it without a reload.
  const r = await director.cli('backup', '--json');
  expect(r.code).not.toBe(0);
  await expect(page.getByTestId('last-result')).toContainText(/^A HotBackup failed at .+ in "Gathering File Statistics": Data directory ".*" does not exist/);
  await expect(warning(page, 'last-failed')).toBeVisible();
  await warning(page, 'missing-data').getByRole('button', { name: 'Fix on Data Directories' }).click();
  await expect(page.getByRole('tab', { name: 'Data Directories' })).toHaveAttribute('aria-selected', 'true');
});

test('staleness: "no successful backup for N hours" is red and leads to the Schedule; the alert e-mail not sent is a warning too', async ({ page }) => {
  // An installation watching for three days without a single successful backup, alert after 24 hours.
  const configDir = await mkdtemp(join(tmpdir(), 'hb-e2e-stale-'));
  try {
    const since = new Date(Date.now() - 72 * 3_600_000).toISOString();
    await writeFile(
      join(configDir, 'alert-state.json'),
      JSON.stringify({ version: 1, watchingSince: since, lastSuccessAt: null, lastSuccessId: null, alertingSince: null, lastAlertAt: null, alertedAfter: null }),
    );
    expect((await runCli(configDir, ['settings', 'set', 'alerts.staleAfterHours', '24'])).code).toBe(0);
    director = await startDirector({ configDir });
    await configureOffice(director, { scanBytes: 64 * 1024 });
    await openOverview(page, director);
    await expect(page.getByTestId('health')).toHaveAttribute('data-health', 'red');
    await expect(page.getByTestId('health-reason')).toHaveText(/^No successful HotBackup for (72|73) hours$/);
    await expect(page.getByTestId('last-good')).toHaveText('None yet');
    await expect(warning(page, 'mail')).toContainText('Alert e-mail');
    await warning(page, 'stale').getByRole('button', { name: 'Fix on Schedule' }).click();
    await expect(page.getByRole('tab', { name: 'Schedule' })).toHaveAttribute('aria-selected', 'true');
  } finally {
    await director?.stop();
    director = null;
    await rm(configDir, { recursive: true, force: true });
  }
});

test.describe('a browser in another time zone than the schedule', () => {
  test.use({ timezoneId: 'America/New_York' });
  test('the next run reads as the schedule\'s own time (03:00 in Auckland), named with its zone', async ({ page }) => {
    director = await startDirector();
    await configureOffice(director, { scanBytes: 64 * 1024 });
    expect((await director.cli('settings', 'set', 'schedule.timeZone', 'Pacific/Auckland')).code).toBe(0);
    expect((await director.cli('schedule', 'add', '--days', 'everyday', '--times', '03:00')).code).toBe(0);
    await openOverview(page, director);
    // The browser is in New York (03:00 Auckland is 09:00 or 10:00 there): the Overview must not say 09:00.
    await expect(page.getByTestId('next-run')).toContainText(/, 03:00 \(Pacific\/Auckland\)$/);
    // The CLI says the same, whatever TZ it runs under.
    const cli = await director.cli('schedule', 'list');
    expect(cli.stdout).toMatch(/Next run: .*, 03:00 \(Pacific\/Auckland\)/);
  });
});
