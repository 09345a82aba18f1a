import { describe, expect, it } from 'vitest';
import { decideAfterRun, notifiesNow, retryWaitMs } from './retry-decision.js';

const defaults = { retryCount: 2, retryWaitMinutes: 15, notifyEveryAttempt: false };

describe('what follows an ended run', () => {
  it.each([
    ['a success drops any retry', 'Succeeded', 1, { kind: 'clear' }],
    ['an on-demand success drops it too', 'Succeeded', null, { kind: 'clear' }],
    ['the slot run failed: retry 2 of 3 after 15 min', 'Failed', 1, { kind: 'retry', attempt: 2, of: 3, waitMs: 15 * 60_000 }],
    ['the first retry failed: retry 3 of 3 after 30 min', 'Failed', 2, { kind: 'retry', attempt: 3, of: 3, waitMs: 30 * 60_000 }],
    ['the last retry failed: final', 'Failed', 3, { kind: 'final', attempts: 3 }],
    ['an on-demand failure leaves a waiting retry alone', 'Failed', null, { kind: 'keep' }],
  ] as const)('%s', (_label, result, attempt, expected) => {
    expect(decideAfterRun(result, attempt, defaults)).toEqual(expected);
  });

  it('retryCount 0: the first failure is final', () => {
    expect(decideAfterRun('Failed', 1, { ...defaults, retryCount: 0 })).toEqual({ kind: 'final', attempts: 1 });
  });

  it('waits grow: 15, 30, 60, 120 min', () => {
    expect([1, 2, 3, 4].map((n) => retryWaitMs(defaults, n) / 60_000)).toEqual([15, 30, 60, 120]);
  });

  it('a failure with a retry to come is mailed only when notifyEveryAttempt is set', () => {
    const retry = decideAfterRun('Failed', 1, defaults);
    expect(notifiesNow(retry, defaults)).toBe(false);
    expect(notifiesNow(retry, { notifyEveryAttempt: true })).toBe(true);
    expect(notifiesNow(decideAfterRun('Failed', 3, defaults), defaults)).toBe(true);
    expect(notifiesNow(decideAfterRun('Succeeded', 2, defaults), defaults)).toBe(true);
  });
});
