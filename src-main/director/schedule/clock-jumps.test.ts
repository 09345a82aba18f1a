import { describe, expect, it } from 'vitest';
import type { ScheduleSettings } from '../../../shared/settings.js';
import { silentLogger } from '../../base/logger.js';
import { CLOCK_CHECK_MS, Scheduler, type ScheduledTrigger } from './scheduler.js';
import type { Slot } from './schedule-slots.js';
import { memoryWatermarkStore } from './watermark-store.js';

// The wall clock lies (runs fast then NTP sets it back, or jumps forward); a clock that never
// jumps tells. node-cron here never fires, so the runs come from the scheduler's own checks.

const schedule: ScheduleSettings = {
  entries: [{ id: 'day', days: { kind: 'everyDay' }, times: ['12:00', '13:00', '14:00'], suspended: false }],
  suspendedUntil: null,
  timeZone: 'UTC',
  catchUpHours: 12,
};

function harness(startAt: string) {
  const wall = { now: new Date(startAt) };
  let mono = 0;
  let tick: () => void = () => undefined;
  const runs: { trigger: ScheduledTrigger; slot: string }[] = [];
  const missed: { slot: string; cause: string }[] = [];
  const scheduler = new Scheduler({
    schedule: () => schedule,
    clock: () => wall.now,
    logger: silentLogger,
    watermark: memoryWatermarkStore(null),
    cron: () => ({ destroy: () => undefined }),
    monotonic: () => mono,
    every: (ms, fn) => (expect(ms).toBe(CLOCK_CHECK_MS), (tick = fn), () => undefined),
    recordMissed: (s: Slot, cause) => missed.push({ slot: s.time, cause }),
    startRun: (trigger, s) => (runs.push({ trigger, slot: s.time }), 'started'),
  });
  return {
    scheduler, runs, missed,
    /** Real time passes `ms`; the wall clock moves by `ms + jump`. Then the periodic check runs. */
    pass(ms: number, jump = 0) {
      mono += ms;
      wall.now = new Date(wall.now.getTime() + ms + jump);
      tick();
    },
  };
}

const MIN = 60_000;

describe('scheduler and clock jumps', () => {
  it('a clock running 1 h fast and then set back: the slot due 2 min later still runs, once', async () => {
    // Real time 11:58; the clock says 12:58 (it already "passed" 12:00 in its own time).
    const h = harness('2026-11-30T12:58:00Z');
    await h.scheduler.start();
    h.pass(10_000, -60 * MIN); // NTP: back to real time, 11:58:10
    expect(h.runs).toEqual([]);
    for (let i = 0; i < 12; i++) h.pass(15_000); // to 12:01:10
    expect(h.runs).toEqual([{ trigger: 'Scheduled', slot: '12:00' }]);
    for (let i = 0; i < 8; i++) h.pass(15_000);
    expect(h.runs).toHaveLength(1);
    expect(h.missed).toEqual([]);
  });

  it('a slot that already ran is not run again when the clock is set back over it', async () => {
    const h = harness('2026-11-30T11:59:50Z');
    await h.scheduler.start();
    h.pass(15_000); // 12:00:05: runs
    expect(h.runs.map((r) => r.slot)).toEqual(['12:00']);
    h.pass(15_000, -5 * MIN); // set back to 11:55:20
    for (let i = 0; i < 24; i++) h.pass(15_000); // past 12:00 again
    expect(h.runs.map((r) => r.slot)).toEqual(['12:00']);
  });

  it('a clock jumping forward over slots: one run for the latest, the others recorded as missed', async () => {
    const h = harness('2026-11-30T11:50:00Z');
    await h.scheduler.start();
    h.pass(15_000, 150 * MIN); // 14:20:15: jumped over 12:00, 13:00 and 14:00
    expect(h.runs).toEqual([{ trigger: 'Scheduled (catch-up)', slot: '14:00' }]);
    expect(h.missed).toEqual([
      { slot: '12:00', cause: 'the clock jumped forward by about 150 min over it' },
      { slot: '13:00', cause: 'the clock jumped forward by about 150 min over it' },
    ]);
    for (let i = 0; i < 8; i++) h.pass(15_000);
    expect(h.runs).toHaveLength(1);
  });
});
