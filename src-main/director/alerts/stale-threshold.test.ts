import { describe, expect, it } from 'vitest';
import type { ScheduleEntry, ScheduleSettings } from '../../../shared/settings.js';
import { staleThresholdHours } from './stale-threshold.js';

const NY = 'America/New_York';
const entry = (days: ScheduleEntry['days'], times: string[], suspended = false): ScheduleEntry => ({ id: times.join(','), days, times, suspended });
const schedule = (entries: ScheduleEntry[], more: Partial<ScheduleSettings> = {}): ScheduleSettings => ({ entries, suspendedUntil: null, timeZone: NY, catchUpHours: 12, ...more });
const auto = { staleAfterHours: null };
const now = new Date('2026-11-30T12:00:00Z');

describe('after how many hours without a success the admin is alerted', () => {
  it.each([
    ['every day at 02:00: twice 24 h', schedule([entry({ kind: 'everyDay' }, ['02:00'])]), 48],
    ['weekdays at 02:00: twice the weekend gap (72 h)', schedule([entry({ kind: 'weekdays' }, ['02:00'])]), 144],
    ['every day at 12:00 and 17:00: twice 19 h', schedule([entry({ kind: 'everyDay' }, ['12:00', '17:00'])]), 38],
    ['every two hours: at least 26 h', schedule([entry({ kind: 'everyDay' }, ['00:00', '02:00', '04:00', '06:00', '08:00', '10:00', '12:00', '14:00', '16:00', '18:00', '20:00', '22:00'])]), 26],
    ['Mondays only: twice a week', schedule([entry({ kind: 'chosen', days: [1] }, ['22:00'])]), 336],
    ['no entries: no automatic alert', schedule([]), null],
    ['every entry suspended: no automatic alert', schedule([entry({ kind: 'everyDay' }, ['02:00'], true)]), null],
    ['suspended indefinitely: no automatic alert', schedule([entry({ kind: 'everyDay' }, ['02:00'])], { suspendedUntil: 'indefinitely' }), null],
  ])('%s', (_label, s, expected) => {
    expect(staleThresholdHours(auto, s, NY, now)).toBe(expected);
  });

  it('the setting wins, with or without a schedule', () => {
    expect(staleThresholdHours({ staleAfterHours: 10 }, schedule([]), NY, now)).toBe(10);
    expect(staleThresholdHours({ staleAfterHours: 100 }, schedule([entry({ kind: 'everyDay' }, ['02:00'])]), NY, now)).toBe(100);
  });
});
