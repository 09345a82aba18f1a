import { describe, expect, it } from 'vitest';
import { OffsiteTarget } from '../../../shared/offsite-settings.js';
import { manualTime } from '../retry/testing/manual-time.js';
import { memoryWatermarkStore } from '../schedule/watermark-store.js';
import { catchUpTargets, dueTargets, startOffsiteSchedule } from './offsite-schedule.js';

const t = (id: string, when: unknown, enabled = true) => OffsiteTarget.parse({ id, label: id, remote: '/mnt/x', when, enabled });
const nightly = t('b2', { kind: 'schedule', days: { kind: 'everyDay' }, times: ['02:00'] });
const weekdays = t('nas', { kind: 'schedule', days: { kind: 'weekdays' }, times: ['12:30'] });
const afterRun = t('usb', { kind: 'afterRun' });
const off = t('old', { kind: 'schedule', days: { kind: 'everyDay' }, times: ['02:00'] }, false);

describe('offsite targets on their own schedule', () => {
  it('a target is due when one of its times passed in the zone of the schedule; after-run and disabled targets never', () => {
    const all = [nightly, weekdays, afterRun, off];
    // 2026-11-30 is a Monday; 02:00 in Berlin is 01:00 UTC.
    expect(dueTargets(all, 'Europe/Berlin', new Date('2026-11-30T00:59:00Z'), new Date('2026-11-30T01:00:00Z')).map((x) => x.id)).toEqual(['b2']);
    expect(dueTargets(all, 'Europe/Berlin', new Date('2026-11-30T01:00:00Z'), new Date('2026-11-30T01:01:00Z'))).toEqual([]);
    expect(dueTargets(all, 'Europe/Berlin', new Date('2026-11-30T11:29:00Z'), new Date('2026-11-30T11:30:00Z')).map((x) => x.id)).toEqual(['nas']);
    // Sunday: the weekday target is not due.
    expect(dueTargets(all, 'Europe/Berlin', new Date('2026-11-29T11:29:00Z'), new Date('2026-11-29T11:30:00Z'))).toEqual([]);
  });

  it('looks once a minute and tells each due target once', async () => {
    const time = manualTime('2026-11-30T00:58:30Z');
    const due: string[] = [];
    const store = memoryWatermarkStore(new Date('2026-11-30T00:58:00Z'));
    const s = await startOffsiteSchedule({ targets: () => [nightly, weekdays], timeZone: () => 'Europe/Berlin', catchUpHours: () => 12, watermark: store, clock: time.clock, timer: time.timer, due: (x) => due.push(x.id) });
    expect(due).toEqual([]);
    time.fireNext(); // 00:59:30
    time.fireNext(); // 01:00:30: 02:00 Berlin passed
    time.fireNext(); // 01:01:30
    expect(due).toEqual(['b2']);
    // Until when it looked is kept, for a catch-up after a restart.
    expect(store.value).toEqual(new Date('2026-11-30T01:01:30Z'));
    s.stop();
    expect(time.live()).toBe(0);
  });

  it('a slot missed while the Director was down is caught up once at start (several missed slots: one copy), within the catch-up window', async () => {
    const twice = t('b2', { kind: 'schedule', days: { kind: 'everyDay' }, times: ['02:00', '04:00'] });
    // Down from 00:30 to 04:10 UTC: 02:00 and 04:00 Berlin (01:00 and 03:00 UTC) were missed.
    const time = manualTime('2026-11-30T04:10:00Z');
    const store = memoryWatermarkStore(new Date('2026-11-30T00:30:00Z'));
    const due: string[] = [];
    const logged: string[] = [];
    const s = await startOffsiteSchedule({
      targets: () => [twice, weekdays, afterRun],
      timeZone: () => 'Europe/Berlin',
      catchUpHours: () => 12,
      watermark: store,
      clock: time.clock,
      timer: time.timer,
      logger: { info: (m: string) => logged.push(m), warn: (m: string) => logged.push(m) },
      due: (x) => due.push(x.id),
    });
    expect(due).toEqual(['b2']);
    expect(logged).toEqual(['offsite target "b2": 2 scheduled copies missed while the Director was down; catching up once']);
    expect(store.value).toEqual(new Date('2026-11-30T04:10:00Z'));
    // The next looks do not copy for those slots again.
    time.fireNext();
    time.fireNext();
    expect(due).toEqual(['b2']);
    s.stop();
  });

  it('no catch-up on a first start, for a slot older than the catch-up window, or with a window of 0', () => {
    const now = new Date('2026-11-30T04:10:00Z');
    expect(catchUpTargets([nightly], 'Europe/Berlin', null, now, 12)).toEqual([]);
    expect(catchUpTargets([nightly], 'Europe/Berlin', new Date('2026-11-29T00:00:00Z'), now, 2)).toEqual([]);
    expect(catchUpTargets([nightly], 'Europe/Berlin', new Date('2026-11-30T00:30:00Z'), now, 0)).toEqual([]);
    expect(catchUpTargets([nightly, off], 'Europe/Berlin', new Date('2026-11-29T00:00:00Z'), now, 48).map((c) => [c.target.id, c.missed])).toEqual([['b2', 2]]);
  });
});
