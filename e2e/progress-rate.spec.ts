import { expect, test, type Page } from '@playwright/test';
import { startDirector, type RunningDirector } from './fixtures/director.js';
import { configureOffice } from './fixtures/office.js';
import { readmeShot } from './fixtures/readme-shot.js';
import { backup } from './fixtures/vault-fixture.js';

// Honest progress in the Progress view during a real run: MB/s over a sliding window, a time left
// that falls as the work is done, a file counter in every phase. Formats and order, never timings.

let director: RunningDirector;
test.beforeEach(async () => {
  director = await startDirector();
});
test.afterEach(async () => {
  await director.stop();
});

/** Every text the progress line and the bar show, in order, until the run ends. */
async function record(page: Page) {
  await page.evaluate(() => {
    const w = window as unknown as { lines: { line: string; phase: string; percent: string }[] };
    w.lines = [];
    const read = () => ({
      line: document.querySelector('[data-testid=progress-line]')?.textContent ?? '',
      phase: document.querySelector('[data-testid=phase]')?.textContent ?? '',
      percent: document.querySelector('[data-testid=progress-percent]')?.textContent ?? '',
    });
    new MutationObserver(() => {
      const now = read();
      const last = w.lines.at(-1);
      if (now.line && (!last || last.line !== now.line || last.phase !== now.phase)) w.lines.push(now);
    }).observe(document.querySelector('.progress-view')!, { subtree: true, childList: true, characterData: true });
  });
}

/** "about 1 min 15 s left" → 75; null when no time left is shown. */
function etaSeconds(line: string): number | null {
  const m = /about ((\d+) h)? ?((\d+) min)? ?((\d+) s)? left/.exec(line);
  if (!m) return null;
  return Number(m[2] ?? 0) * 3600 + Number(m[4] ?? 0) * 60 + Number(m[6] ?? 0);
}

test('a real run shows MB/s, a time left that falls, and a file count in every phase that handles files', async ({ page }) => {
  test.setTimeout(180_000);
  await configureOffice(director, { scanBytes: 32 * 1024 * 1024 });
  // A first backup: its measured phase times weigh the bar and give a time left from the start.
  await backup(director);
  await page.goto(director.consoleUrl);
  await expect(page.getByRole('button', { name: 'Back Up Data Files' })).toBeVisible();
  await record(page);
  await page.getByRole('button', { name: 'Back Up Data Files' }).click();
  await expect(page.getByTestId('progress-line')).toContainText(/\d+\.\d MB\/s/, { timeout: 60_000 });
  await expect(page.getByTestId('progress-line')).toContainText(/about .+ left/);
  await expect(page.getByRole('button', { name: 'Cancel…' })).toBeVisible();
  await readmeShot(page, 'progress-running');
  await expect(page.getByTestId('status')).toHaveText('Complete', { timeout: 120_000 });

  const lines = await page.evaluate(() => (window as unknown as { lines: { line: string; phase: string; percent: string }[] }).lines);
  const measured = lines.filter((l) => ['Locking Files', 'Streaming Files', 'Validating Save'].includes(l.phase));
  // The rate's format wherever it shows: one decimal, MB/s.
  const rates = measured.map((l) => /· (\d+\.\d) MB\/s ·/.exec(l.line)?.[1]).filter(Boolean);
  expect(rates.length, lines.map((l) => `${l.phase}: ${l.line}`).join('\n')).toBeGreaterThan(0);
  // One file count: the same total in every phase that counts files, including Validating Save.
  const totals = new Set(measured.map((l) => /(\d[\d,]*) of (\d[\d,]*) files/.exec(l.line)?.[2]).filter(Boolean));
  expect([...totals], lines.map((l) => `${l.phase}: ${l.line}`).join('\n')).toHaveLength(1);
  // Validating Save shows the counter with that total, and its final count reaches the total: each
  // phase's final count is published once as the phase ends, however short the phase.
  const total = [...totals][0]!;
  const validating = measured.filter((l) => l.phase === 'Validating Save');
  for (const l of validating) expect(l.line).toMatch(/[\d,]+ of [\d,]+ files/);
  expect(validating.map((l) => l.line), lines.map((l) => `${l.phase}: ${l.line}`).join('\n')).toContainEqual(expect.stringContaining(`${total} of ${total} files`));
  // The bar's percent is the whole run's and says so; the counts beside it are the phase's own, with
  // the phase's share ("This phase: 0 bytes of 160 MB (0%)" at Streaming Files' start, not "26%").
  for (const l of measured) {
    expect(l.percent).toMatch(/^\d+% overall$/);
    expect(l.line).toMatch(/^This phase: .*\(\d+%\)/);
  }
  // The time left falls as the work is done: lower at the end than at the start, and rising
  // (a real slowdown on a busy machine) far less often than falling.
  const etas = lines.map((l) => etaSeconds(l.line)).filter((e): e is number => e !== null);
  expect(etas.length).toBeGreaterThan(1);
  expect(etas.at(-1)!).toBeLessThan(etas[0]!);
  const rises = etas.filter((e, i) => i > 0 && e > etas[i - 1]!).length;
  const falls = etas.filter((e, i) => i > 0 && e < etas[i - 1]!).length;
  expect(rises, `time left seen: ${etas.join(', ')}`).toBeLessThan(Math.max(2, falls / 2));
});
