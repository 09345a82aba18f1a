import { defineConfig } from '@playwright/test';

// E2E runs Debian's Chromium (never a downloaded browser) against real headless Directors.
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'e2e',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  workers: 2,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    headless: true,
    viewport: { width: 1200, height: 850 },
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
    trace: 'retain-on-failure',
  },
  projects: [{ name: 'chromium', testIgnore: /electron\.spec\.ts$/ }, { name: 'electron', testMatch: /electron\.spec\.ts$/ }],
});
