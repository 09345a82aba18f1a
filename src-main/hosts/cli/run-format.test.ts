import { describe, expect, it } from 'vitest';
import type { StatusSnapshot } from '../../../shared/status.js';
import { formatProgressBar, formatSchedule } from './run-format.js';

const running = (percent: number, etaSeconds: number | null): Pick<StatusSnapshot, 'status' | 'phase' | 'run'> => ({
  status: 'Saving',
  phase: 'Streaming Files',
  run: {
    id: '26112601',
    trigger: 'On Demand',
    user: 'frank',
    task: '',
    startedAt: '2026-11-26T10:00:00+00:00',
    snapshotTaken: true,
    progress: { percent, bytesDone: 1.5 * 1024 ** 3, bytesTotal: 3 * 1024 ** 3, filesDone: 10, filesTotal: 20, currentFile: null, etaSeconds },
  },
});

describe('formatProgressBar', () => {
  it('draws the share done, the bytes and the time left', () => {
    expect(formatProgressBar(running(50, 75), 10)).toBe('Saving — Streaming Files [#####-----] 50% 1.5 GB of 3.0 GB, about 1 min 15 s left');
  });
  it('leaves out an unknown time left and keeps the bar inside its width', () => {
    expect(formatProgressBar(running(100, null), 4)).toBe('Saving — Streaming Files [####] 100% 1.5 GB of 3.0 GB');
  });
  it('is the plain step when nothing runs', () => {
    expect(formatProgressBar({ status: 'Inactive', phase: null, run: null })).toBe('Inactive');
  });
});

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
