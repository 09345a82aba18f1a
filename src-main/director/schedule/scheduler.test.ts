import { describe, expect, it } from 'vitest';
import type { ScheduleEntry, ScheduleSettings } from '../../../shared/settings.js';
import { silentLogger } from '../../base/logger.js';
import { Scheduler, type ScheduledTrigger } from './scheduler.js';
import type { Slot } from './schedule-slots.js';
import { simulatedCron } from './testing/simulated-cron.js';
import { memoryWatermarkStore } from './watermark-store.js';
import { localMinute } from './zoned-time.js';

const NY = 'America/New_York';
const weekdays: ScheduleEntry = { id: 'wd', days: { kind: 'weekdays' }, times: ['12:00', '17:00'], suspended: false };
const monWedFri: ScheduleEntry = { id: 'mwf', days: { kind: 'chosen', days: [1, 3, 5] }, times: ['22:00'], suspended: false };
const schedule = (entries: ScheduleEntry[], more: Partial<ScheduleSettings> = {}): ScheduleSettings => ({
  entries,
  suspendedUntil: null,
  timeZone: NY,
  catchUpHours: 12,
  ...more,
});

/** A Scheduler on a fake clock and node-cron's real matcher; records every run it starts. */
async function harness(initial: ScheduleSettings, startAt: string, opts: { watermark?: string | null; busy?: boolean } = {}) {
  const clock = { now: new Date(startAt) };
  let settings = initial;
  const cron = simulatedCron(clock);
  const runs: { trigger: ScheduledTrigger; slot: Slot; at: Date }[] = [];
  const warnings: string[] = [];
  const missed: string[] = [];
  const store = memoryWatermarkStore(opts.watermark ? new Date(opts.watermark) : null);
  const scheduler = new Scheduler({
    schedule: () => settings,
    clock: () => clock.now,
    logger: { ...silentLogger, warn: (m) => warnings.push(m) },
    watermark: store,
    cron: cron.factory,
    recordMissed: (slot, cause) => missed.push(`${slot.date} ${slot.time}: ${cause}`),
    startRun: (trigger, slot) => {
      runs.push({ trigger, slot, at: clock.now });
      return opts.busy ? 'busy' : 'started';
    },
  });
  await scheduler.start();
  return {
    clock,
    cron,
    runs,
    warnings,
    missed,
    store,
    scheduler,
    /** Change the settings the way a settings.update does: then re-arm. */
    set(next: ScheduleSettings) {
      settings = next;
      scheduler.rearm();
    },
    advanceTo: async (iso: string) => {
      cron.advanceTo(new Date(iso));
      await Promise.resolve();
    },
  };
}

const local = (d: Date) => {
  const l = localMinute(d, NY);
  const wd = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][new Date(Date.UTC(l.year, l.month - 1, l.day)).getUTCDay()];
  return `${wd} ${l.month}/${l.day} ${String(l.hour).padStart(2, '0')}:${String(l.minute).padStart(2, '0')}`;
};

describe('Scheduler (fake clock, node-cron matcher)', () => {
  it('weekdays 12:00 and 17:00 run on Monday to Friday only, at those local times', async () => {
    // Sunday 2026-11-15 00:00 EST → the next Sunday.
    const h = await harness(schedule([weekdays]), '2026-11-15T05:00:00Z');
    expect(h.cron.expressions().sort()).toEqual(['0 12 * * 1-5', '0 17 * * 1-5']);
    await h.advanceTo('2026-11-22T05:00:00Z');
    expect(h.runs.map((r) => local(r.at))).toEqual([
      'Mon 11/16 12:00', 'Mon 11/16 17:00', 'Tue 11/17 12:00', 'Tue 11/17 17:00', 'Wed 11/18 12:00',
      'Wed 11/18 17:00', 'Thu 11/19 12:00', 'Thu 11/19 17:00', 'Fri 11/20 12:00', 'Fri 11/20 17:00',
    ]);
    expect(h.runs.every((r) => r.trigger === 'Scheduled')).toBe(true);
  });

  it('Mon/Wed/Fri 22:00 runs three times a week', async () => {
    const h = await harness(schedule([monWedFri]), '2026-11-15T05:00:00Z');
    expect(h.cron.expressions()).toEqual(['0 22 * * 1,3,5']);
    await h.advanceTo('2026-11-22T05:00:00Z');
    expect(h.runs.map((r) => local(r.at))).toEqual(['Mon 11/16 22:00', 'Wed 11/18 22:00', 'Fri 11/20 22:00']);
  });

  it('a suspended entry does not run; resumed, it runs again without a restart', async () => {
    const h = await harness(schedule([{ ...weekdays, suspended: true }, monWedFri]), '2026-11-15T05:00:00Z');
    await h.advanceTo('2026-11-17T05:00:00Z'); // through Monday
    expect(h.runs.map((r) => local(r.at))).toEqual(['Mon 11/16 22:00']);
    h.set(schedule([weekdays, monWedFri]));
    await h.advanceTo('2026-11-18T05:00:00Z'); // Tuesday
    expect(h.runs.map((r) => local(r.at))).toEqual(['Mon 11/16 22:00', 'Tue 11/17 12:00', 'Tue 11/17 17:00']);
  });

  it('a global suspend until a time holds every entry until then', async () => {
    // Suspended until Wednesday 13:00 New York time.
    const h = await harness(schedule([weekdays, monWedFri], { suspendedUntil: '2026-11-18T13:00:00-05:00' }), '2026-11-15T05:00:00Z');
    await h.advanceTo('2026-11-19T05:00:00Z');
    expect(h.runs.map((r) => local(r.at))).toEqual(['Wed 11/18 17:00', 'Wed 11/18 22:00']);
  });

  it('a global suspend "indefinitely" arms nothing; lifting it re-arms', async () => {
    const h = await harness(schedule([weekdays], { suspendedUntil: 'indefinitely' }), '2026-11-15T05:00:00Z');
    expect(h.scheduler.armedJobs).toBe(0);
    await h.advanceTo('2026-11-17T05:00:00Z');
    expect(h.runs).toEqual([]);
    h.set(schedule([weekdays]));
    await h.advanceTo('2026-11-18T05:00:00Z');
    expect(h.runs.map((r) => local(r.at))).toEqual(['Tue 11/17 12:00', 'Tue 11/17 17:00']);
  });

  it('catches up once (not per missed slot) after downtime, within catchUpHours', async () => {
    // Down from Monday 11:00 to Tuesday 13:30: missed Mon 12:00, Mon 17:00, Tue 12:00.
    const h = await harness(schedule([weekdays]), '2026-11-17T18:30:00Z', { watermark: '2026-11-16T16:00:00Z' });
    expect(h.runs).toHaveLength(1);
    expect(h.runs[0]!.trigger).toBe('Scheduled (catch-up)');
    expect(`${h.runs[0]!.slot.date} ${h.runs[0]!.slot.time}`).toBe('2026-11-17 12:00');
    await h.advanceTo('2026-11-17T22:01:00Z'); // then the regular 17:00 EST slot runs as usual
    expect(h.runs.map((r) => r.trigger)).toEqual(['Scheduled (catch-up)', 'Scheduled']);
    expect(h.store.value?.toISOString()).toBe('2026-11-17T22:00:00.000Z');
    // The slots the catch-up run stands in for are recorded as missed, the one it ran for is not.
    expect(h.missed).toEqual([
      '2026-11-16 12:00: the Director was not running at that time',
      '2026-11-16 17:00: the Director was not running at that time',
    ]);
  });

  it('records every slot missed while down when nothing catches up (too old, or catch-up off)', async () => {
    const old = await harness(schedule([weekdays], { catchUpHours: 1 }), '2026-11-17T19:30:00Z', { watermark: '2026-11-16T16:00:00Z' });
    expect(old.missed.map((m) => m.slice(0, 16))).toEqual(['2026-11-16 12:00', '2026-11-16 17:00', '2026-11-17 12:00']);
    const off = await harness(schedule([weekdays], { catchUpHours: 0 }), '2026-11-17T19:30:00Z', { watermark: '2026-11-16T16:00:00Z' });
    expect(off.missed).toHaveLength(3);
  });

  it('records a slot the Director woke too late for (the machine slept, the clock jumped)', async () => {
    const h = await harness(schedule([weekdays]), '2026-11-16T16:30:00Z');
    h.clock.now = new Date('2026-11-16T19:00:00Z'); // 14:00 New York: 12:00 passed without a wake-up
    h.scheduler.wake();
    expect(h.runs).toEqual([]);
    expect(h.missed).toEqual(['2026-11-16 12:00: the Director woke too late for it (the machine slept or the clock jumped)']);
  });

  it('does not catch up slots older than catchUpHours, nor on a first start', async () => {
    const old = await harness(schedule([weekdays], { catchUpHours: 1 }), '2026-11-17T19:30:00Z', { watermark: '2026-11-16T16:00:00Z' });
    expect(old.runs).toEqual([]); // Tue 12:00 was 2.5 h ago
    const first = await harness(schedule([weekdays]), '2026-11-17T19:30:00Z', { watermark: null });
    expect(first.runs).toEqual([]);
  });

  it('a slot that arrives during a run is skipped and logged', async () => {
    const h = await harness(schedule([weekdays]), '2026-11-16T16:30:00Z', { busy: true });
    await h.advanceTo('2026-11-16T17:30:00Z');
    expect(h.runs).toHaveLength(1);
    expect(h.warnings.join('\n')).toMatch(/2026-11-16 12:00 .*was missed: a HotBackup run was already in progress/);
    expect(h.missed).toEqual(['2026-11-16 12:00: a HotBackup run was already in progress']);
  });

  it('DST spring-forward (America/New_York, 2026-03-08): a 02:30 slot runs once, moved to 03:30 EDT', async () => {
    const daily: ScheduleEntry = { id: 'night', days: { kind: 'everyDay' }, times: ['02:30'], suspended: false };
    const h = await harness(schedule([daily]), '2026-03-07T05:00:00Z');
    expect(h.cron.expressions()).toContain('30 3 8 3 *'); // node-cron alone would skip the missing 02:30
    await h.advanceTo('2026-03-10T05:00:00Z');
    expect(h.runs.map((r) => r.at.toISOString())).toEqual([
      '2026-03-07T07:30:00.000Z', // 02:30 EST
      '2026-03-08T07:30:00.000Z', // 03:30 EDT: 02:30 did not exist
      '2026-03-09T06:30:00.000Z', // 02:30 EDT
    ]);
    expect(h.runs[1]!.slot.resolution).toBe('gap');
  });

  it('DST fall-back (America/New_York, 2026-11-01): a 01:30 slot in the repeated hour runs once', async () => {
    const daily: ScheduleEntry = { id: 'night', days: { kind: 'everyDay' }, times: ['01:30'], suspended: false };
    const h = await harness(schedule([daily]), '2026-10-31T04:00:00Z');
    await h.advanceTo('2026-11-03T05:00:00Z');
    expect(h.runs.map((r) => r.at.toISOString())).toEqual([
      '2026-10-31T05:30:00.000Z', // 01:30 EDT
      '2026-11-01T05:30:00.000Z', // the first 01:30 (EDT); the second (06:30Z, EST) does not run again
      '2026-11-02T06:30:00.000Z', // 01:30 EST
    ]);
  });
});
