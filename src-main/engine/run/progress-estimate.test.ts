import { describe, expect, it } from 'vitest';
import type { Phase } from '../../../shared/status.js';
import { nextEta, phaseWeights, SlidingRate, weightedPercent } from './progress-estimate.js';
import { ProgressTracker } from './progress-tracker.js';
import type { ProgressEvent } from './run-types.js';

describe('phaseWeights', () => {
  it('without a measured run: bytes × default cost per phase, summing to 1', () => {
    const w = phaseWeights({ fileBytes: 100, databaseBytes: 0, totalBytes: 100 }, null);
    expect(Object.values(w).reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    expect(w['Streaming Files']).toBeGreaterThan(w['Locking Files']);
    // No databases: Saving Files still weighs a little (a step that takes a moment), never 0.
    expect(w['Saving Files']).toBeGreaterThan(0);
    expect(w['Saving Files']).toBeLessThan(0.02);
  });
  it('with a measured run: its phase times, whatever the bytes say', () => {
    const w = phaseWeights({ fileBytes: 10, databaseBytes: 990, totalBytes: 1000 }, { bytes: 500, ms: { 'Locking Files': 500, 'Saving Files': 100, 'Streaming Files': 300, 'Validating Save': 100 } });
    expect(w).toEqual({ 'Locking Files': 0.5, 'Saving Files': 0.1, 'Streaming Files': 0.3, 'Validating Save': 0.1 });
  });
});

describe('weightedPercent', () => {
  const w = { 'Locking Files': 0.25, 'Saving Files': 0.25, 'Streaming Files': 0.25, 'Validating Save': 0.25 };
  it.each<[Phase, number, number]>([
    ['Initializing', 0, 0],
    ['Locking Files', 0, 2],
    ['Locking Files', 1, 26],
    ['Streaming Files', 0.5, 62],
    ['Validating Save', 1, 98],
    ['Removing Old Backups', 0.5, 99],
    ['HotBackup Succeeded', 0, 100],
  ])('%s at %d → %d', (phase, fraction, want) => {
    expect(weightedPercent(phase, fraction, w)).toBeCloseTo(want);
  });
});

describe('SlidingRate', () => {
  it('the rate over the last window only: a slowdown shows within the window', () => {
    const r = new SlidingRate(5000);
    expect(r.perSecond()).toBeNull();
    for (let s = 0; s <= 10; s++) r.add(s * 1000, s * 100);
    expect(r.perSecond()).toBe(100);
    for (let s = 11; s <= 16; s++) r.add(s * 1000, 1000 + (s - 10) * 10);
    expect(r.perSecond()).toBe(10);
  });
});

describe('nextEta', () => {
  it.each([
    ['first estimate is shown', null, 1, 60, 60],
    ['counts down with the clock when the estimate is a little higher', 60, 2, 62, 58],
    ['drops at once to a lower estimate', 60, 1, 40, 40],
    ['rises only when truly slower (25% + 3 s above the countdown)', 60, 0, 90, 90],
    ['no estimate: keeps counting down', 10, 4, null, 6],
    ['never below 0', 2, 5, null, 0],
  ])('%s', (_name, shown, elapsed, estimate, want) => {
    expect(nextEta(shown, elapsed, estimate)).toBe(want);
  });
});

/**
 * A scripted run on a fake clock: bytes arrive at a steady rate with ±30% jitter per second,
 * then the disk slows to a third. The time left never rises while the bar moves at the same
 * pace, and rises once when the run truly slowed down.
 */
describe('the time left on a scripted run', () => {
  function run(steps: { seconds: number; bytesPerSecond: (s: number) => number }[]) {
    let now = 0;
    const events: ProgressEvent[] = [];
    const t = new ProgressTracker(() => new Date(now), (e) => events.push(e), 0);
    const total = 600_000_000;
    t.setSizes({ fileBytes: total, databaseBytes: 0, totalBytes: total });
    t.enter('Locking Files', total, 600);
    let done = 0;
    let second = 0;
    const seen: { at: number; eta: number | null; percent: number }[] = [];
    for (const step of steps) {
      for (let i = 0; i < step.seconds * 4; i++) {
        now += 250;
        if (i % 4 === 0) second++;
        done = Math.min(total, done + step.bytesPerSecond(second) / 4);
        t.update(done, Math.floor(done / 1_000_000), 'x');
        const p = events.at(-1)!.progress;
        seen.push({ at: now, eta: p.etaSeconds, percent: p.percent });
      }
    }
    return seen;
  }
  const jitter = [1, 1.3, 0.7, 1.2, 0.8, 1.1, 0.9, 1.3, 0.7, 1];

  it('steady work with jitter: the time left never rises', () => {
    const seen = run([{ seconds: 60, bytesPerSecond: (s) => 4_000_000 * jitter[s % jitter.length]! }]);
    const etas = seen.map((s) => s.eta).filter((e): e is number => e !== null);
    expect(etas.length).toBeGreaterThan(200);
    const rises = etas.filter((e, i) => i > 0 && e > etas[i - 1]!);
    expect(rises).toEqual([]);
    // And it is honest: Locking (a fifth done after 30 s) is a third of the whole run's weight
    // (default costs), so about 150 s / (1/3) − 30 s ≈ 420 s are left.
    const at30 = seen.find((s) => s.at === 30_000)!;
    expect(at30.eta).toBeGreaterThan(340);
    expect(at30.eta).toBeLessThan(500);
  });

  it('a real slowdown (to a third) raises the time left; it then falls again', () => {
    const seen = run([
      { seconds: 30, bytesPerSecond: () => 4_000_000 },
      { seconds: 30, bytesPerSecond: () => 4_000_000 / 3 },
    ]);
    const etas = seen.map((s) => s.eta!);
    const before = etas[30 * 4 - 1]!;
    const after = Math.max(...etas.slice(30 * 4));
    expect(after).toBeGreaterThan(before * 1.25);
    const last = etas.slice(-20);
    expect(last.every((e, i) => i === 0 || e <= last[i - 1]!)).toBe(true);
  });
});
