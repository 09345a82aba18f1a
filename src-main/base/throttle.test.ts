import { describe, expect, it } from 'vitest';
import { Throttle } from './throttle.js';
import { fakeTimers } from './testing/fake-timers.js';

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
