import { describe, expect, it } from 'vitest';
import { decideStaleness, newerSuccess, type StaleState } from './staleness-decision.js';

const start: StaleState = {
  watchingSince: '2026-11-20T00:00:00.000Z',
  lastSuccessAt: '2026-11-28T02:00:00.000Z',
  lastSuccessId: '26112801',
  alertingSince: null,
  lastAlertAt: null,
  alertedAfter: null,
};
const at = (iso: string) => new Date(iso);

/** Run checks in order, carrying the state, and return the actions. */
function checks(state: StaleState, steps: [string, number | null][]) {
  const kinds: string[] = [];
  for (const [when, threshold] of steps) {
    const d = decideStaleness(state, at(when), threshold);
    kinds.push(d.action.kind === 'alert' ? `alert ${d.action.hours}h${d.action.repeat ? ' again' : ''}` : d.action.kind === 'ok' ? `ok after ${d.action.hours}h` : 'none');
    state = d.state;
  }
  return { kinds, state };
}

describe('the no-backup alert, check by check', () => {
  it('alerts at the threshold, repeats every threshold hours, then "OK again" once a backup succeeds', () => {
    let s = start;
    const first = checks(s, [
      ['2026-11-30T01:59:00Z', 48],
      ['2026-11-30T02:00:00Z', 48],
      ['2026-11-30T02:15:00Z', 48],
      ['2026-12-02T01:59:00Z', 48],
      ['2026-12-02T02:00:00Z', 48],
    ]);
    expect(first.kinds).toEqual(['none', 'alert 48h', 'none', 'none', 'alert 96h again']);
    s = newerSuccess(first.state, '2026-12-02T09:30:00.000Z', '26120201');
    const after = checks(s, [
      ['2026-12-02T09:31:00Z', 48],
      ['2026-12-05T00:00:00Z', 48],
    ]);
    expect(after.kinds).toEqual(['ok after 103h', 'alert 62h']);
  });

  it('with no success ever, the reference is when watching began', () => {
    const never = { ...start, lastSuccessAt: null, lastSuccessId: null };
    expect(checks(never, [['2026-11-21T01:59:00Z', 26], ['2026-11-21T02:00:00Z', 26]]).kinds).toEqual(['none', 'alert 26h']);
  });

  it('a success found late (BACKUP.LOG was unreadable) still sends "OK again"', () => {
    const alerting = checks(start, [['2026-11-30T03:00:00Z', 48]]).state;
    const late = newerSuccess(alerting, '2026-11-30T02:30:00.000Z', '26113001');
    expect(checks(late, [['2026-11-30T05:00:00Z', 48]]).kinds).toEqual(['ok after 48h']);
  });

  it('a threshold switched off or raised ends the alert without "OK again" (nothing succeeded)', () => {
    const alerting = checks(start, [['2026-11-30T03:00:00Z', 48]]).state;
    const off = checks(alerting, [['2026-11-30T04:00:00Z', null]]);
    expect(off.kinds).toEqual(['none']);
    expect(off.state.alertingSince).toBeNull();
    expect(checks(alerting, [['2026-11-30T04:00:00Z', 100]]).kinds).toEqual(['none']);
  });

  it('an older success never replaces a newer one', () => {
    expect(newerSuccess(start, '2026-11-27T02:00:00.000Z', '26112701')).toBe(start);
    expect(newerSuccess(start, null, null)).toBe(start);
  });
});
