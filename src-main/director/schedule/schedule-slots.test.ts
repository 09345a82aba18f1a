import { describe, expect, it } from 'vitest';
import type { ScheduleSettings } from '../../../shared/settings.js';
import { entryToCron } from './schedule-cron.js';
import { decideCatchUp, decideWake, nextRuns } from './schedule-slots.js';
import { resolveLocal } from './zoned-time.js';

const NY = 'America/New_York';

describe('resolveLocal', () => {
  it.each([
    ['an ordinary time', { year: 2026, month: 11, day: 16, hour: 12, minute: 0 }, '2026-11-16T17:00:00.000Z', 'exact'],
    ['summer time', { year: 2026, month: 7, day: 1, hour: 12, minute: 0 }, '2026-07-01T16:00:00.000Z', 'exact'],
    ['a time skipped by spring-forward moves on by the jump', { year: 2026, month: 3, day: 8, hour: 2, minute: 30 }, '2026-03-08T07:30:00.000Z', 'gap'],
    ['a repeated time is its first occurrence', { year: 2026, month: 11, day: 1, hour: 1, minute: 30 }, '2026-11-01T05:30:00.000Z', 'repeat'],
  ])('%s', (_name, local, iso, resolution) => {
    const r = resolveLocal(local, NY);
    expect(r.at.toISOString()).toBe(iso);
    expect(r.resolution).toBe(resolution);
  });
});

describe('entryToCron', () => {
  it.each([
    [{ kind: 'weekdays' as const }, ['12:00', '17:00'], ['0 12 * * 1-5', '0 17 * * 1-5']],
    [{ kind: 'everyDay' as const }, ['02:30'], ['30 2 * * *']],
    [{ kind: 'chosen' as const, days: [5, 1, 3, 3] }, ['22:00', '22:00'], ['0 22 * * 1,3,5']],
  ])('%j at %j', (days, times, expected) => {
    expect(entryToCron({ days, times })).toEqual(expected);
  });
});

const base: ScheduleSettings = {
  entries: [{ id: 'wd', days: { kind: 'weekdays' }, times: ['12:00', '17:00'], suspended: false }],
  suspendedUntil: null,
  timeZone: NY,
  catchUpHours: 12,
};

describe('nextRuns', () => {
  it('lists the next run times from now, skipping the weekend', () => {
    // Friday 2026-11-20 18:00 EST
    const runs = nextRuns(base, NY, new Date('2026-11-20T23:00:00Z'), 3).map((s) => s.at.toISOString());
    expect(runs).toEqual(['2026-11-23T17:00:00.000Z', '2026-11-23T22:00:00.000Z', '2026-11-24T17:00:00.000Z']);
  });
  it('starts after a global suspend ends, and is empty when suspended indefinitely', () => {
    const until = { ...base, suspendedUntil: '2026-12-01T00:00:00-05:00' };
    expect(nextRuns(until, NY, new Date('2026-11-20T23:00:00Z'), 1)[0]!.at.toISOString()).toBe('2026-12-01T17:00:00.000Z');
    expect(nextRuns({ ...base, suspendedUntil: 'indefinitely' }, NY, new Date('2026-11-20T23:00:00Z'), 3)).toEqual([]);
  });
});

describe('decideWake and decideCatchUp', () => {
  it('a wake-up runs slots within the grace period and only logs older ones', () => {
    const d = decideWake(base, NY, new Date('2026-11-16T16:00:00Z'), new Date('2026-11-16T22:02:00Z'));
    expect(d.due.map((s) => s.time)).toEqual(['17:00']);
    expect(d.missed.map((s) => s.time)).toEqual(['12:00']);
  });
  it('catch-up is off with catchUpHours 0', () => {
    expect(decideCatchUp({ ...base, catchUpHours: 0 }, NY, new Date('2026-11-16T16:00:00Z'), new Date('2026-11-16T22:30:00Z'))).toBeNull();
  });
});
