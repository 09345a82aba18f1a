import { describe, expect, it } from 'vitest';
import { ProgressTracker } from './progress-tracker.js';
import type { ProgressEvent } from './run-types.js';

const sizes = { fileBytes: 100, databaseBytes: 100, totalBytes: 100 };

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
  });

  it('measures bytes/s across phases (each phase counts from 0) and only in phases that move bytes', () => {
    let now = 0;
    const events: ProgressEvent[] = [];
    const t = new ProgressTracker(() => new Date(now), (e) => events.push(e), 0);
    t.setSizes({ fileBytes: 10_000_000, databaseBytes: 0, totalBytes: 10_000_000 });
    t.enter('Gathering File Statistics');
    expect(events.at(-1)?.progress.bytesPerSecond).toBeNull();
    t.enter('Locking Files', 10_000_000, 10);
    for (let s = 1; s <= 4; s++) {
      now = s * 1000;
      t.update(s * 2_000_000, s * 2, 'f');
    }
    expect(events.at(-1)?.progress.bytesPerSecond).toBe(2_000_000);
    // The next phase starts at 0 bytes: the rate does not fall to nothing or go negative.
    t.enter('Streaming Files', 10_000_000, 10);
    now = 5000;
    t.update(2_000_000, 2, 'f');
    expect(events.at(-1)?.progress.bytesPerSecond).toBe(2_000_000);
  });

  it('with the previous run measured, the bar follows its phase times: a slow Locking phase is most of the bar', () => {
    const previous = { bytes: 1000, ms: { 'Locking Files': 6000, 'Saving Files': 1000, 'Streaming Files': 2000, 'Validating Save': 1000 } };
    const events: ProgressEvent[] = [];
    const t = new ProgressTracker(() => new Date(0), (e) => events.push(e), 0, previous);
    t.setSizes({ fileBytes: 900, databaseBytes: 100, totalBytes: 1000 });
    t.enter('Locking Files', 900, 9);
    t.update(900, 9, null);
    expect(events.at(-1)?.progress.percent).toBeCloseTo(2 + 96 * 0.6, 0);
    t.enter('Streaming Files', 1000, 10);
    expect(events.at(-1)?.progress.percent).toBeCloseTo(2 + 96 * 0.7, 0);
  });

  it('a time left from the previous run before there is a pace; 0 at the end; none after a failure', () => {
    const previous = { bytes: 1000, ms: { 'Locking Files': 10_000, 'Saving Files': 10_000, 'Streaming Files': 10_000, 'Validating Save': 10_000 } };
    const events: ProgressEvent[] = [];
    const t = new ProgressTracker(() => new Date(0), (e) => events.push(e), 0, previous);
    t.setSizes({ fileBytes: 1000, databaseBytes: 0, totalBytes: 2000 });
    t.enter('Making Backup Folder');
    expect(events.at(-1)?.progress.etaSeconds).toBe(80);
    t.enter('HotBackup Succeeded');
    expect(events.at(-1)?.progress.etaSeconds).toBe(0);
    const f = new ProgressTracker(() => new Date(0), (e) => events.push(e), 0, previous);
    f.setSizes(sizes);
    f.enter('Locking Files', 100, 1);
    f.enter('HotBackup Failed');
    expect(events.at(-1)?.progress.etaSeconds).toBeNull();
  });

  it('counts given between samples are not lost: the phase change takes the last ones into the rate', () => {
    let now = 0;
    const events: ProgressEvent[] = [];
    const t = new ProgressTracker(() => new Date(now), (e) => events.push(e), 200);
    t.setSizes({ fileBytes: 10_000_000, databaseBytes: 0, totalBytes: 10_000_000 });
    t.enter('Locking Files', 10_000_000, 10);
    now = 1000;
    t.update(1_000_000, 1, 'a');
    now = 1050;
    // 50 ms after the last sample: kept, not sampled yet.
    t.update(4_000_000, 4, 'b');
    t.enter('Streaming Files', 10_000_000, 10);
    expect(events.at(-1)?.progress.bytesPerSecond).toBe(Math.round(4_000_000 / 1.05));
  });

  it("sends each phase's final count once as the phase ends, even when it came within the quiet time", () => {
    let now = 0;
    const events: ProgressEvent[] = [];
    const t = new ProgressTracker(() => new Date(now), (e) => events.push(e), 200);
    t.setSizes(sizes);
    for (const phase of ['Locking Files', 'Streaming Files', 'Validating Save'] as const) {
      t.enter(phase, 100, 10);
      // A short phase: every file within 50 ms of its start, between two throttled events.
      for (let f = 1; f <= 10; f++) {
        now += 5;
        t.update(f * 10, f, `f${f}`);
      }
    }
    t.enter('HotBackup Succeeded');
    const seen = events.map((e) => `${e.phase} ${e.progress.filesDone} of ${e.progress.filesTotal}`);
    expect(seen).toEqual([
      'Locking Files 0 of 10', 'Locking Files 10 of 10',
      'Streaming Files 0 of 10', 'Streaming Files 10 of 10',
      'Validating Save 0 of 10', 'Validating Save 10 of 10',
      'HotBackup Succeeded 0 of 0',
    ]);
    // No extra event for a phase whose last counts were already sent.
    t.enter('Removing Old Backups');
    t.enter('HotBackup Succeeded');
    expect(events).toHaveLength(seen.length + 2);
  });
});
