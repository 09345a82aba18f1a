import type { Page } from '@playwright/test';
import { join } from 'node:path';

/**
 * A screenshot the README shows. Written to docs/screenshots/ only when
 * HOTBACKUP_README_SHOTS=1 (so ordinary test runs leave the work tree clean),
 * else next to the other test output for a look after a run.
 */
export async function readmeShot(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  const dir = process.env.HOTBACKUP_README_SHOTS === '1' ? join('docs', 'screenshots') : join('test-results', 'screenshots');
  await page.screenshot({ path: join(dir, `${name}.png`), ...opts });
}
