import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScheduleView } from '../shared/schedule.js';
import { formatRunTime } from '../src-renderer/tabs/schedule-form.js';
import { startDirector, type RunningDirector } from './fixtures/director.js';
import { readmeShot } from './fixtures/readme-shot.js';

let director: RunningDirector;
test.beforeEach(async () => {
  director = await startDirector();
});
test.afterEach(async () => {
  await director.stop();
});

/** A screenshot for the docs; `tall` shows a long dialog whole (the window grows for the picture only). */
async function shot(page: Page, name: string, tall = false) {
  const size = page.viewportSize()!;
  if (tall) await page.setViewportSize({ width: size.width, height: 1400 });
  await readmeShot(page, name);
  if (tall) await page.setViewportSize(size);
}
/** The text a field's aria-describedby points at (its description and error message). */
async function describedText(target: Locator): Promise<string> {
  const ids = ((await target.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean);
  const texts = await Promise.all(ids.map((id) => target.page().locator(`[id="${id}"]`).textContent()));
  return texts.join(' ');
}
/** Tick a react-aria radio or checkbox by its label (the input itself is visually hidden). */
const pick = (scope: Locator, label: string) => scope.locator('label').filter({ hasText: new RegExp(`^${label.replace(/[()]/g, '\\$&')}$`) }).click();
const settingsFile = () => readFile(join(director.configDir, 'settings.json'), 'utf8');

async function openScheduleTab(page: Page) {
  await page.goto(director.consoleUrl);
  await page.getByRole('tab', { name: 'Schedule' }).click();
  await expect(page.getByRole('heading', { name: 'HotBackup Schedule' })).toBeVisible();
}

/** Type HH:MM into a react-aria TimeField's hour and minute segments. */
async function typeTime(dialog: Locator, label: string, hhmm: string) {
  const field = dialog.getByRole('group', { name: label, exact: true });
  await field.getByRole('spinbutton', { name: /hour/i }).click();
  await dialog.page().keyboard.type(hhmm.replace(':', ''));
  await expect(field.getByRole('spinbutton', { name: /minute/i })).toHaveAttribute('aria-valuetext', hhmm.slice(3));
}

async function addEntry(page: Page, days: 'weekdays' | string[], times: string[], screenshot?: string) {
  await page.getByRole('button', { name: 'Schedule Recurring HotBackups' }).click();
  const dialog = page.getByRole('dialog', { name: 'Schedule Recurring HotBackups' });
  if (days === 'weekdays') await pick(dialog, 'Weekdays (Monday to Friday)');
  else {
    await pick(dialog, 'Days I choose:');
    for (const d of days) await pick(dialog, d);
  }
  for (const [i, t] of times.entries()) {
    if (i > 0) await dialog.getByRole('button', { name: 'Add a time' }).click();
    await typeTime(dialog, `Time ${i + 1}`, t);
  }
  if (screenshot) await shot(page, screenshot);
  await dialog.getByRole('button', { name: 'Add to schedule' }).click();
  await expect(dialog).toBeHidden();
}

const cliSchedule = async (): Promise<ScheduleView> => {
  const r = await director.cli('schedule', 'list', '--json');
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as ScheduleView;
};

test('acceptance 1: two schedules with next runs, one suspended, persists across a reload; the CLI agrees', async ({ page }) => {
  await openScheduleTab(page);
  await expect(page.getByText('No HotBackups are scheduled yet')).toBeVisible();
  await addEntry(page, 'weekdays', ['12:00', '17:00'], 'schedule-dialog');
  await addEntry(page, ['Mon', 'Wed', 'Fri'], ['22:00']);

  const table = page.getByRole('grid', { name: 'Scheduled HotBackups' });
  const weekdays = table.getByRole('row').filter({ hasText: 'Weekdays (Mon–Fri)' });
  const mwf = table.getByRole('row').filter({ hasText: 'Mon, Wed, Fri' });
  await expect(weekdays).toContainText('12:00, 17:00');
  await expect(mwf).toContainText('22:00');

  // The next runs shown are the Director's, in its time zone.
  let cli = await cliSchedule();
  expect(cli.entries).toHaveLength(2);
  for (const e of cli.entries) {
    expect(e.nextRuns.length).toBeGreaterThan(0);
    const row = table.getByRole('row').filter({ hasText: e.times.join(', ') });
    for (const r of e.nextRuns) await expect(row).toContainText(formatRunTime(r, cli.timeZone));
  }
  await expect(page.getByTestId('next-run')).toContainText(formatRunTime(cli.nextRun!, cli.timeZone));

  await mwf.getByRole('button', { name: 'Suspend Mon, Wed, Fri at 22:00' }).click();
  await expect(mwf).toContainText('Suspended');
  await expect(mwf).toContainText('none while suspended');
  await expect(weekdays).toContainText('Active');
  await shot(page, 'schedule-tab');

  await page.reload();
  await page.getByRole('tab', { name: 'Schedule' }).click();
  await expect(mwf).toContainText('Suspended');
  await expect(weekdays).toContainText('Active');
  await expect(weekdays).toContainText('12:00, 17:00');

  cli = await cliSchedule();
  const byTimes = Object.fromEntries(cli.entries.map((e) => [e.times.join(','), e]));
  expect(byTimes['12:00,17:00']).toMatchObject({ days: { kind: 'weekdays' }, suspended: false });
  expect(byTimes['22:00']).toMatchObject({ days: { kind: 'chosen', days: [1, 3, 5] }, suspended: true, nextRuns: [] });

  // Resume it and delete the other: the CLI sees that too.
  await mwf.getByRole('button', { name: 'Resume Mon, Wed, Fri at 22:00' }).click();
  await expect(mwf).toContainText('Active');
  await weekdays.getByRole('button', { name: /^Delete Weekdays/ }).click();
  await page.getByRole('dialog', { name: 'Delete Scheduled HotBackup' }).getByRole('button', { name: 'Delete' }).click();
  await expect(weekdays).toHaveCount(0);
  cli = await cliSchedule();
  expect(cli.entries.map((e) => [e.times, e.suspended])).toEqual([[['22:00'], false]]);
});

test('suspend all until a date and time, then resume all', async ({ page }) => {
  await openScheduleTab(page);
  await addEntry(page, ['Tue'], ['09:30']);
  await page.getByRole('button', { name: 'Suspend all…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Suspend Scheduled HotBackups' });
  // The default is tomorrow 08:00 in the schedule's zone.
  await shot(page, 'schedule-suspend-dialog');
  await dialog.getByRole('button', { name: 'Suspend all' }).click();
  await expect(dialog).toBeHidden();
  const cli = await cliSchedule();
  expect(cli.suspendedUntil).toMatch(/^\d{4}-\d\d-\d\dT/);
  await expect(page.getByRole('status').filter({ hasText: 'suspended until' })).toContainText(formatRunTime(cli.suspendedUntil!, cli.timeZone));
  await shot(page, 'schedule-suspended');
  await page.getByRole('button', { name: 'Resume all' }).click();
  await expect(page.getByTestId('next-run')).toBeVisible();
  expect((await cliSchedule()).suspendedUntil).toBeNull();
});

const invalid: { name: string; fill(dialog: Locator): Promise<void>; message: RegExp; where: (d: Locator) => Promise<string> }[] = [
  {
    name: 'no day chosen',
    fill: async (d) => {
      await pick(d, 'Days I choose:');
      await typeTime(d, 'Time 1', '12:00');
    },
    message: /No day is chosen: tick at least one day/,
    where: (d) => d.getByRole('group', { name: 'Chosen days' }).textContent().then(String),
  },
  {
    name: 'duplicate times',
    fill: async (d) => {
      await typeTime(d, 'Time 1', '12:00');
      await d.getByRole('button', { name: 'Add a time' }).click();
      await typeTime(d, 'Time 2', '12:00');
    },
    message: /12:00 is listed twice \(times 1 and 2\): remove one of them/,
    where: (d) => describedText(d.getByRole('group', { name: 'Time 2', exact: true })),
  },
  {
    name: 'an incomplete time',
    fill: async () => {},
    message: /Time 1 is incomplete: enter hours and minutes/,
    where: (d) => describedText(d.getByRole('group', { name: 'Time 1', exact: true })),
  },
  {
    name: 'no time at all',
    fill: async (d) => {
      await d.getByRole('button', { name: 'Remove time 1' }).click();
    },
    message: /No time of day is given/,
    where: (d) => d.textContent().then(String),
  },
];

for (const c of invalid) {
  test(`Schedule Recurring HotBackups refuses ${c.name} and saves nothing`, async ({ page }) => {
    await openScheduleTab(page);
    const before = await settingsFile();
    await page.getByRole('button', { name: 'Schedule Recurring HotBackups' }).click();
    const dialog = page.getByRole('dialog', { name: 'Schedule Recurring HotBackups' });
    await c.fill(dialog);
    await dialog.getByRole('button', { name: 'Add to schedule' }).click();
    await expect.poll(() => c.where(dialog)).toMatch(c.message);
    await expect(dialog.getByRole('alert').filter({ hasText: 'Nothing was saved' })).toBeVisible();
    if (c.name === 'duplicate times') await shot(page, 'schedule-dialog-error');
    expect(await settingsFile()).toBe(before);
    expect((await cliSchedule()).entries).toEqual([]);
  });
}

test('suspend until a time that has passed is refused and changes nothing', async ({ page }) => {
  await openScheduleTab(page);
  await addEntry(page, 'weekdays', ['12:00']);
  const before = await settingsFile();
  await page.getByRole('button', { name: 'Suspend all…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Suspend Scheduled HotBackups' });
  const year = dialog.getByRole('spinbutton', { name: /year/i });
  await year.click();
  await page.keyboard.type('2020');
  await dialog.getByRole('button', { name: 'Suspend all' }).click();
  await expect.poll(() => describedText(dialog.getByRole('group', { name: /Suspend until/ }))).toMatch(/has already passed \(now: .*\): choose a later date and time/);
  await expect(dialog.getByRole('alert').filter({ hasText: 'Nothing was changed' })).toBeVisible();
  expect(await settingsFile()).toBe(before);
  expect((await cliSchedule()).suspendedUntil).toBeNull();
});

test('acceptance 6: the Schedule tab and its dialog have no serious or critical axe violations', async ({ page }) => {
  await openScheduleTab(page);
  await addEntry(page, 'weekdays', ['08:15']);
  const scan = async () => {
    const result = await new AxeBuilder({ page }).analyze();
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  };
  expect(await scan()).toEqual([]);
  await page.getByRole('button', { name: 'Schedule Recurring HotBackups' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  expect(await scan()).toEqual([]);
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Suspend all…' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  expect(await scan()).toEqual([]);
});

test('keyboard only: open the dialog, choose every day, type a time and save', async ({ page }) => {
  await openScheduleTab(page);
  await page.getByRole('tab', { name: 'Schedule' }).focus();
  const add = page.getByRole('button', { name: 'Schedule Recurring HotBackups' });
  // From the tab, a few Tab presses reach the button (the panel itself takes one).
  for (let i = 0; i < 4 && !(await add.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(add).toBeFocused();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Schedule Recurring HotBackups' });
  await expect(dialog).toBeVisible();
  // Into the days: the arrow key moves from "Weekdays" to "Every day".
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('radio', { name: 'Weekdays (Monday to Friday)' })).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(dialog.getByRole('radio', { name: 'Every day' })).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('group', { name: 'Time 1', exact: true }).getByRole('spinbutton', { name: /hour/i })).toBeFocused();
  await page.keyboard.type('0645');
  await page.keyboard.press('Tab'); // Remove
  await page.keyboard.press('Tab'); // Add a time
  await page.keyboard.press('Tab');
  await expect(dialog.getByRole('button', { name: 'Add to schedule' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('grid', { name: 'Scheduled HotBackups' }).getByRole('row').filter({ hasText: 'Every day' })).toContainText('06:45');
});
