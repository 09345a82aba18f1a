import { describe, expect, it } from 'vitest';
import { etaSeconds, overallPercent, ProgressTracker } from './progress-tracker.js';
import type { ProgressEvent } from './run-types.js';

const sizes = { fileBytes: 100, databaseBytes: 100, totalBytes: 100 };

describe('overallPercent', () => {
  it.each([
    { phase: 'Initializing', fraction: 0, want: 0 },
    { phase: 'Locking Files', fraction: 0, want: 2 },
    { phase: 'Locking Files', fraction: 1, want: 26 },
    { phase: 'Streaming Files', fraction: 0.5, want: 62 },
    { phase: 'Validating Save', fraction: 1, want: 98 },
    { phase: 'Removing Old Backups', fraction: 0.5, want: 99 },
    { phase: 'HotBackup Succeeded', fraction: 0, want: 100 },
  ] as const)('$phase at $fraction → $want', ({ phase, fraction, want }) => {
    expect(overallPercent(phase, fraction, sizes)).toBeCloseTo(want);
  });
});

describe('etaSeconds', () => {
  it.each([
    { percent: 50, from: 0, elapsed: 10_000, want: 10 },
    { percent: 2.2, from: 2, elapsed: 10_000, want: null },
    { percent: 90, from: 10, elapsed: 80_000, want: 10 },
  ])('$percent% after $elapsed ms → $want s', ({ percent, from, elapsed, want }) => {
    expect(etaSeconds(percent, from, elapsed)).toBe(want);
  });
});

describe('ProgressTracker', () => {
  it('sends every phase change but throttles byte updates', () => {
    let now = 0;
    const events: ProgressEvent[] = [];
    const t = new ProgressTracker(() => new Date(now), (e) => events.push(e), 200);
    t.setSizes(sizes);
    t.enter('Streaming Files', 100, 10);
    t.update(10, 1, 'a');
    now = 100;
    t.update(20, 2, 'b');
    now = 250;
    t.update(50, 5, 'c');
    expect(events.map((e) => [e.status, e.phase, e.progress.filesDone, e.progress.currentFile])).toEqual([
      ['Saving', 'Streaming Files', 0, null],
      ['Saving', 'Streaming Files', 5, 'c'],
    ]);
    expect(events[1]?.progress.percent).toBe(62);
  });
});
