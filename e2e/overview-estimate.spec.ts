import { spawnSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startDirector, type RunningDirector } from './fixtures/director.js';

// Issue 18 point 1: before the first backup the Overview still compares free space with what
// the backup will need, from the data directories' size (a quick walk, marked as an estimate),
// and warns when it will not fit. Real Director, real files; the small drive is a real tmpfs.

let director: RunningDirector | null = null;
let mounted = '';
test.afterEach(async () => {
  // Unmounted first: stopping the Director removes its config directory, the mount point inside it.
  if (mounted) spawnSync('umount', [mounted]);
  mounted = '';
  await director?.stop();
  director = null;
});

async function office(d: RunningDirector, hotBackupFolder: string): Promise<void> {
  const data = join(d.configDir, 'Office Data');
  await mkdir(join(data, 'Scans'), { recursive: true });
  await mkdir(join(data, 'cache'), { recursive: true });
  for (const n of [1, 2, 3]) await writeFile(join(data, 'Scans', `scan-${n}.pdf`), Buffer.alloc(1024 * 1024, n));
  await writeFile(join(data, 'cache', 'thumbs.bin'), Buffer.alloc(4 * 1024 * 1024));
  for (const [k, v] of [
    ['folder.path', hotBackupFolder],
    ['dataDirectories', JSON.stringify([{ path: data, label: 'Office', exclude: ['cache/**'] }])],
  ]) {
    const r = await d.cli('settings', 'set', k as string, v as string);
    if (r.code !== 0) throw new Error(r.stderr);
  }
}

async function openOverview(page: Page, d: RunningDirector) {
  await page.goto(d.consoleUrl);
  await expect(page.getByRole('tab', { name: 'Overview' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('health')).toBeVisible();
}

test('before the first backup: the data directories\' size (excludes left out) against the free space, marked as an estimate', async ({ page }) => {
  director = await startDirector();
  await office(director, join(director.configDir, 'HotBackup'));
  await openOverview(page, director);
  await expect(page.getByTestId('free-space')).toContainText(/^[\d.]+ [KMGT]?B free · the first backup will take about 3\.0 MB \(estimated from the data directories' files, before compression\): it fits$/);
  await expect(page.getByTestId('overview-warnings').locator('li[data-kind="space"]')).toHaveCount(0);
});

test('before the first backup on a drive too small for it: a red warning that it may not fit, with where to fix it', async ({ page }) => {
  director = await startDirector();
  const small = join(director.configDir, 'small-drive');
  await mkdir(small);
  const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', small], { encoding: 'utf8' });
  test.skip(m.status !== 0, `cannot mount a tmpfs here (${(m.stderr || `exit ${m.status}`).trim()}): run as root`);
  mounted = small;
  await office(director, join(small, 'HotBackup'));
  await openOverview(page, director);
  await expect(page.getByTestId('health')).toHaveAttribute('data-health', 'red');
  await expect(page.getByTestId('health-reason')).toHaveText('The first backup may not fit');
  await expect(page.getByTestId('free-space')).toContainText(/^[\d.]+ [KM]B free · the first backup will take about 3\.0 MB .*: it may not fit$/);
  const warning = page.getByTestId('overview-warnings').locator('li[data-kind="space"]');
  await expect(warning).toContainText('the data directories hold about 3.0 MB (an estimate before the first backup)');
  await warning.getByRole('button', { name: /^Fix on / }).click();
  await expect(page.getByRole('tab', { name: 'Folder' })).toHaveAttribute('aria-selected', 'true');
});
