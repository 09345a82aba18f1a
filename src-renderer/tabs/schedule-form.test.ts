import { CalendarDateTime } from '@internationalized/date';
import { describe, expect, it } from 'vitest';
import { checkScheduleForm, describeDays, describeEntry, formatRunTime } from './schedule-form.js';
import { checkSuspendForm, describeSuspension } from './suspend-form.js';

describe('checkScheduleForm', () => {
  const ok = [
    { form: { kind: 'weekdays', chosen: [], times: ['17:00', '12:00'] }, input: { days: { kind: 'weekdays' }, times: ['12:00', '17:00'], suspended: false } },
    { form: { kind: 'everyDay', chosen: [3], times: ['00:00'] }, input: { days: { kind: 'everyDay' }, times: ['00:00'], suspended: false } },
    { form: { kind: 'chosen', chosen: [5, 1, 3], times: ['22:00'] }, input: { days: { kind: 'chosen', days: [1, 3, 5] }, times: ['22:00'], suspended: false } },
    { form: { kind: 'chosen', chosen: [0, 6], times: ['23:59'] }, input: { days: { kind: 'chosen', days: [6, 0] }, times: ['23:59'], suspended: false } },
  ] as const;
  for (const c of ok) {
    it(`accepts ${JSON.stringify(c.form)}`, () => {
      const r = checkScheduleForm({ ...c.form, chosen: [...c.form.chosen], times: [...c.form.times] });
      expect(r.errors).toEqual({});
      expect(r.input).toEqual(c.input);
    });
  }

  const bad: { name: string; form: Parameters<typeof checkScheduleForm>[0]; field: 'days' | 'times' | 'perTime'; message: RegExp }[] = [
    { name: 'no day chosen', form: { kind: 'chosen', chosen: [], times: ['12:00'] }, field: 'days', message: /No day is chosen: tick at least one day/ },
    { name: 'no time', form: { kind: 'weekdays', chosen: [], times: [] }, field: 'times', message: /No time of day is given/ },
    { name: 'incomplete time', form: { kind: 'weekdays', chosen: [], times: ['12:00', null] }, field: 'perTime', message: /Time 2 is incomplete/ },
    { name: 'malformed time', form: { kind: 'weekdays', chosen: [], times: ['25:00'] }, field: 'perTime', message: /Time 1 "25:00": times are HH:MM/ },
    { name: 'duplicate time', form: { kind: 'everyDay', chosen: [], times: ['12:00', '17:00', '12:00'] }, field: 'perTime', message: /12:00 is listed twice \(times 1 and 3\)/ },
  ];
  for (const c of bad) {
    it(`refuses ${c.name}`, () => {
      const r = checkScheduleForm(c.form);
      expect(r.input).toBeNull();
      const got = c.field === 'perTime' ? r.errors.perTime?.filter(Boolean).join(' ') : r.errors[c.field];
      expect(got).toMatch(c.message);
    });
  }

  it('refuses a day and time another entry already runs, naming the entry', () => {
    const existing = [{ days: { kind: 'weekdays' as const }, times: ['12:00', '17:00'] }];
    const r = checkScheduleForm({ kind: 'chosen', chosen: [1, 6], times: ['17:00'] }, existing);
    expect(r.errors.perTime?.[0]).toBe('17:00 on Mon is already scheduled (Weekdays (Mon–Fri) at 12:00 and 17:00): choose another time or day.');
    expect(checkScheduleForm({ kind: 'chosen', chosen: [6], times: ['17:00'] }, existing).input).not.toBeNull();
  });
});

describe('describing entries and times', () => {
  it('names days Monday first', () => {
    expect(describeDays({ kind: 'chosen', days: [0, 5, 1] })).toBe('Mon, Fri, Sun');
    expect(describeDays({ kind: 'everyDay' })).toBe('Every day');
    expect(describeEntry({ days: { kind: 'weekdays' }, times: ['12:00'] })).toBe('Weekdays (Mon–Fri) at 12:00');
  });
  it('shows a run time in the schedule time zone', () => {
    expect(formatRunTime('2026-11-27T11:00:00.000Z', 'Europe/Berlin', 'en-GB')).toBe('Fri, 27 Nov 2026, 12:00');
    expect(formatRunTime('2026-11-27T11:00:00.000Z', 'Europe/Berlin', 'en-US')).toBe('Fri, Nov 27, 2026, 12:00');
    expect(formatRunTime('2026-11-27T11:00:00.000Z', 'America/New_York', 'en-GB')).toBe('Fri, 27 Nov 2026, 06:00');
  });
});

describe('checkSuspendForm', () => {
  const now = new Date('2026-11-26T10:00:00Z');
  it('suspends indefinitely', () => {
    expect(checkSuspendForm({ mode: 'indefinitely', until: null }, 'UTC', now)).toEqual({ until: 'indefinitely' });
  });
  it('reads the date and time in the schedule time zone', () => {
    const r = checkSuspendForm({ mode: 'until', until: new CalendarDateTime(2026, 11, 30, 8, 0) }, 'Europe/Berlin', now);
    expect(r).toEqual({ until: '2026-11-30T07:00:00.000Z' });
  });
  it('refuses a time that has passed, naming it and now', () => {
    const r = checkSuspendForm({ mode: 'until', until: new CalendarDateTime(2026, 11, 26, 9, 30) }, 'UTC', now);
    expect(r.until).toBeNull();
    const t = (iso: string) => formatRunTime(iso, 'UTC');
    expect(r.error).toBe(`${t('2026-11-26T09:30:00Z')} has already passed (now: ${t('2026-11-26T10:00:00Z')}): choose a later date and time, or "Until I resume".`);
  });
  it('refuses an incomplete date', () => {
    expect(checkSuspendForm({ mode: 'until', until: null }, 'UTC', now).error).toMatch(/incomplete/);
  });
  it('describes the suspension, and none once it has passed', () => {
    expect(describeSuspension(null, 'UTC', now)).toBeNull();
    expect(describeSuspension('indefinitely', 'UTC', now)).toMatch(/until you resume/);
    expect(describeSuspension('2026-11-30T07:00:00Z', 'UTC', now)).toContain(`until ${formatRunTime('2026-11-30T07:00:00Z', 'UTC')}.`);
    expect(describeSuspension('2026-11-25T07:00:00Z', 'UTC', now)).toBeNull();
  });
});
