import { describe, expect, it } from 'vitest';
import { formatSchedule } from './schedule-format.js';

describe('formatSchedule', () => {
  it('shows run times in the schedule\'s time zone, not the CLI process\'s', () => {
    // 03:00 in Auckland is 14:00 UTC the day before; this process runs in whatever TZ it was given.
    const text = formatSchedule({
      entries: [{ id: 'e1', days: { kind: 'everyDay' }, times: ['03:00'], suspended: false, cron: ['0 3 * * *'], nextRuns: ['2026-11-30T14:00:00.000Z'] }],
      suspendedUntil: null,
      timeZone: 'Pacific/Auckland',
      catchUpHours: 12,
      nextRun: '2026-11-30T14:00:00.000Z',
    });
    expect(text).toContain('    next: Tue, 01 Dec 2026, 03:00');
    expect(text).toContain('Next run: Tue, 01 Dec 2026, 03:00 (Pacific/Auckland)');
  });
});
