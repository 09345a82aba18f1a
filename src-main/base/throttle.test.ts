import { describe, expect, it } from 'vitest';
import type { StatusSnapshot } from '../../shared/status.js';
import { relayStatus, Throttle, type ThrottleTimers } from './throttle.js';

function fakeTimers() {
  let now = 0;
  const timers: { at: number; fn: () => void; id: number }[] = [];
  let next = 1;
  const api: ThrottleTimers = {
    now: () => now,
    setTimeout: (fn, ms) => {
      const id = next++;
      timers.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (id) => {
      const i = timers.findIndex((t) => t.id === id);
      if (i >= 0) timers.splice(i, 1);
    },
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      timers.sort((a, b) => a.at - b.at);
      const t = timers[0];
      if (!t || t.at > end) break;
      timers.shift();
      now = t.at;
      t.fn();
    }
    now = end;
  };
  return { api, advance };
}

describe('Throttle', () => {
  it('sends at most ~10 a second and always the last value', () => {
    const t = fakeTimers();
    const sent: number[] = [];
    const throttle = new Throttle<number>((v) => sent.push(v), 100, t.api);
    // 1000 progress updates over one second (one per ms).
    for (let i = 1; i <= 1000; i++) {
      throttle.push(i);
      t.advance(1);
    }
    t.advance(200);
    expect(sent.length).toBeLessThanOrEqual(11);
    expect(sent.length).toBeGreaterThanOrEqual(9);
    expect(sent[0]).toBe(1); // the first change goes out at once
    expect(sent.at(-1)).toBe(1000); // the last state is delivered
  });

  it('flush sends a pending value at once (a run that ends)', () => {
    const t = fakeTimers();
    const sent: string[] = [];
    const throttle = new Throttle<string>((v) => sent.push(v), 100, t.api);
    throttle.push('Saving');
    throttle.push('Validating');
    throttle.push('Complete');
    throttle.flush();
    expect(sent).toEqual(['Saving', 'Complete']);
    t.advance(500);
    expect(sent).toEqual(['Saving', 'Complete']);
  });
});

describe('relayStatus', () => {
  const snap = (phase: 'Validating Save' | 'Removing Old Backups', filesDone: number): StatusSnapshot => ({
    status: phase === 'Validating Save' ? 'Validating' : 'Cleanup',
    phase,
    run: { id: null, trigger: 'On Demand', user: '', task: '', startedAt: '2026-12-01T10:00:00+01:00', snapshotTaken: true, progress: { percent: 90, bytesDone: 0, bytesTotal: 0, filesDone, filesTotal: 40, currentFile: null, etaSeconds: null, bytesPerSecond: null } },
    lastRun: null,
    warnings: [],
  });

  it("a phase's final count, pushed within the quiet time, is delivered before the next phase (not replaced by it)", () => {
    const t = fakeTimers();
    const sent: string[] = [];
    const publish = relayStatus(new Throttle<StatusSnapshot>((s) => sent.push(`${s.phase} ${s.run?.progress.filesDone}`), 100, t.api));
    publish(snap('Validating Save', 0), false);
    t.advance(30);
    // The phase ends 30 ms later: its final count waits for the quiet time, the next phase comes at once.
    publish(snap('Validating Save', 40), false);
    publish(snap('Removing Old Backups', 0), false);
    expect(sent).toEqual(['Validating Save 0', 'Validating Save 40', 'Removing Old Backups 0']);
    t.advance(500);
    expect(sent).toHaveLength(3);
  });
});
