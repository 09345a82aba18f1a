import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { E2eHooks } from '../src-main/hosts/electron/test-hooks.js';

// The desktop shell end to end: a real Electron running dist/electron-main.js on its own
// config directory. Runs wherever an Electron binary is installed; skips, saying why, elsewhere.

function electronBinary(): { path: string } | { why: string } {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    if (typeof path !== 'string' || !existsSync(path)) return { why: `the electron package points at ${String(path)}, which does not exist` };
    if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
      return { why: 'there is no display (run the tests under xvfb-run)' };
    }
    return { path };
  } catch (err) {
    return { why: `require('electron') failed: ${(err as Error).message.split('\n')[0]}` };
  }
}

const binary = electronBinary();
const skipReason = 'path' in binary ? null : `Electron shell e2e skipped: ${binary.why}. Install Electron (npm ci without ELECTRON_SKIP_BINARY_DOWNLOAD) to run it.`;
const mainJs = join(process.cwd(), 'dist', 'electron-main.js');
const tray = (app: ElectronApplication): Promise<ReturnType<E2eHooks['tray']>> => app.evaluate(() => globalThis.__hotbackupE2E!.tray());

test.describe('Electron console', () => {
  if (skipReason) console.log(skipReason);
  test.skip(skipReason !== null, skipReason ?? '');

  let configDir: string;
  let app: ElectronApplication;
  let page: Page;

  test.beforeEach(async () => {
    configDir = await mkdtemp(join(tmpdir(), 'hb-electron-'));
    app = await electron.launch({
      executablePath: (binary as { path: string }).path,
      args: [mainJs, '--config-dir', configDir],
      env: { ...process.env, HOTBACKUP_E2E: '1', HOTBACKUP_CONFIG_DIR: configDir },
    });
    page = await app.firstWindow();
  });
  test.afterEach(async () => {
    await app.close().catch(() => undefined);
    await rm(configDir, { recursive: true, force: true });
  });

  test('window opens on our console, Folder tab round trip, Back Up Data Files completes and the tray follows it', async () => {
    await expect(page).toHaveTitle('HotBackup');
    expect(page.url()).toBe('app://console/index.html');
    expect(await app.evaluate(() => globalThis.__hotbackupE2E?.mode)).toBe('embedded');
    expect(await page.evaluate(() => Object.keys(window.hotbackup ?? {}).sort())).toEqual(['invoke', 'on']);
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');

    // Folder tab round trip through the preload and the IPC adapter.
    const backups = join(configDir, 'Backups');
    const field = (name: string) => page.getByRole('textbox', { name, exact: true });
    await page.getByRole('tab', { name: 'Folder' }).click();
    await field('HotBackup folder').fill(backups);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await page.reload();
    await page.getByRole('tab', { name: 'Folder' }).click();
    await expect(field('HotBackup folder')).toHaveValue(backups);
    expect(JSON.parse(await readFile(join(configDir, 'settings.json'), 'utf8')).folder.path).toBe(backups);

    // Something to back up, then "Back Up Data Files" from the tray menu.
    const data = join(configDir, 'Office Data');
    await mkdir(data, { recursive: true });
    await writeFile(join(data, 'letter.txt'), 'Dear client,\n'.repeat(1000));
    const saved = await page.evaluate((path) => window.hotbackup!.invoke('settings.update', { dataDirectories: [{ path, label: 'Office', exclude: [] }] }), data);
    expect(saved.ok).toBe(true);
    await app.evaluate(() => globalThis.__hotbackupE2E!.trayAction('backup'));

    await expect.poll(async () => (await tray(app)).items[3], { timeout: 60_000 }).toMatchObject({ label: expect.stringMatching(/^Last backup: succeeded /) });
    const tooltips = await app.evaluate(() => globalThis.__hotbackupE2E!.tooltips());
    expect(tooltips).toContainEqual(expect.stringMatching(/^HotBackup — (Pending|Saving|Validating|Cleanup): .+ \d+%$/));
    expect((await tray(app)).icon).toMatch(/^(succeeded|idle)$/);
    expect(await readFile(join(backups, 'BACKUP.LOG'), 'utf8')).toMatch(/\|Succeeded\|/);
  });

  test('refuses to navigate away or open windows', async () => {
    await page.evaluate(() => {
      window.open('https://example.invalid/');
      window.location.href = 'https://example.invalid/';
    });
    const log = () => readFile(join(configDir, 'logs', 'console.log'), 'utf8').catch(() => '');
    await expect.poll(log).toContain('blocked a new window for https://example.invalid/');
    await expect.poll(log).toContain('blocked navigation to https://example.invalid/');
    expect(page.url()).toBe('app://console/index.html');
    expect(app.windows()).toHaveLength(1);
  });

  test('a second launch hands over to the first; closing keeps the tray; Quit releases the Director', async () => {
    const second = spawn((binary as { path: string }).path, [mainJs, '--config-dir', configDir], { stdio: 'ignore', env: { ...process.env, HOTBACKUP_E2E: '1' } });
    const code = await new Promise<number | null>((resolve) => second.once('exit', resolve));
    expect(code).toBe(0);
    expect(app.windows()).toHaveLength(1);

    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]!.close());
    expect(await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows().map((w) => w.isVisible()))).toEqual([false]);
    expect(existsSync(join(configDir, 'director.lock'))).toBe(true);

    const exited = new Promise((resolve) => app.process().once('exit', resolve));
    await app.evaluate(() => globalThis.__hotbackupE2E!.trayAction('quit')).catch(() => undefined);
    await exited;
    expect(existsSync(join(configDir, 'director.lock'))).toBe(false);
  });
});
