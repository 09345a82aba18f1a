import { describe, expect, it } from 'vitest';
import { OffsiteTarget } from '../../../shared/offsite-settings.js';
import { manualTime } from '../retry/manual-time.test-support.js';
import { dueTargets, startOffsiteSchedule } from './offsite-schedule.js';

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

  it('looks once a minute and tells each due target once', () => {
    const time = manualTime('2026-11-30T00:58:30Z');
    const due: string[] = [];
    const s = startOffsiteSchedule({ targets: () => [nightly, weekdays], timeZone: () => 'Europe/Berlin', clock: time.clock, timer: time.timer, due: (x) => due.push(x.id) });
    time.fireNext(); // 00:59:30
    time.fireNext(); // 01:00:30: 02:00 Berlin passed
    time.fireNext(); // 01:01:30
    expect(due).toEqual(['b2']);
    s.stop();
    expect(time.live()).toBe(0);
  });
});
