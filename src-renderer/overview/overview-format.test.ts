import { describe, expect, it } from 'vitest';
import { lastResultText, nextRunText, spaceText, timeAgo } from './overview-format.js';

const now = Date.parse('2026-11-30T12:00:00Z');
const MB = 1024 * 1024;

describe('Overview wording', () => {
  it.each([
    ['2026-11-30T11:59:30Z', 'just now'],
    ['2026-11-30T11:59:00Z', '1 minute ago'],
    ['2026-11-30T11:01:00Z', '59 minutes ago'],
    ['2026-11-30T10:30:00Z', '1 hour ago'],
    ['2026-11-28T13:00:00Z', '47 hours ago'],
    ['2026-11-27T12:00:00Z', '3 days ago'],
    ['2026-11-30T12:05:00Z', 'just now'],
  ])('%s → %s', (iso, want) => {
    expect(timeAgo(iso, now)).toBe(want);
  });

  it.each([
    [{ folder: null, freeBytes: 4000 * MB, expectedBytes: 1000 * MB, basis: 'last-backup' as const }, '3.9 GB free · the last backup took 1000 MB (room for about 4 more)'],
    [{ folder: null, freeBytes: 500 * MB, expectedBytes: 1000 * MB, basis: 'last-backup' as const }, '500 MB free · the last backup took 1000 MB (no room for another)'],
    [{ folder: null, freeBytes: 500 * MB, expectedBytes: null, basis: 'unknown' as const }, '500 MB free · the size of a backup is known after the first one'],
    [{ folder: null, freeBytes: 400_000 * MB, expectedBytes: 1 * MB, basis: 'last-backup' as const }, '391 GB free · the last backup took 1.0 MB (room for 99+ more)'],
    [{ folder: null, freeBytes: null, expectedBytes: null, basis: 'unknown' as const }, 'Unknown: the drive cannot be read'],
    [{ folder: null, freeBytes: 500 * MB, expectedBytes: 20 * MB, basis: 'estimate' as const }, "500 MB free · the first backup will take about 20 MB (estimated from the data directories' files, before compression): it fits"],
    [{ folder: null, freeBytes: 5 * MB, expectedBytes: 20 * MB, basis: 'estimate' as const, atLeast: true }, "5.0 MB free · the first backup will take at least 20 MB (estimated from the data directories' files, before compression): it may not fit"],
  ])('space %#', (space, want) => {
    expect(spaceText(space)).toBe(want);
  });

  it('the next run is the schedule\'s wall-clock time in its own zone, named (not the browser\'s zone)', () => {
    // 03:00 in Auckland is 14:00 UTC the day before: a browser in UTC must still read 03:00.
    expect(nextRunText({ nextRun: '2026-11-30T14:00:00.000Z', timeZone: 'Pacific/Auckland' }, 'en-GB')).toBe('Tue, 1 Dec 2026, 03:00 (Pacific/Auckland)');
    expect(nextRunText({ nextRun: null, timeZone: 'Pacific/Auckland' })).toBe('None scheduled');
  });

  it('an early failure has no backup ID and names the phase', () => {
    expect(lastResultText({ result: 'Failed', at: '2026-11-30T12:00:00Z', id: null, trigger: 'Scheduled', phase: 'Initializing', cause: 'the data directory is missing' })).toMatch(
      /^A HotBackup failed at .+ in "Initializing": the data directory is missing$/,
    );
  });
});
