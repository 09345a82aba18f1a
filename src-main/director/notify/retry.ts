import { MailError, type MailFailure } from './smtp-errors.js';

export interface RetryPolicy {
  /** Waits before the 2nd, 3rd, … attempt; its length + 1 is the number of attempts. */
  delaysMs: number[];
  /** How to wait (tests pass one that returns at once and records the waits). */
  delay: (ms: number) => Promise<void>;
}

export const defaultRetryPolicy: RetryPolicy = {
  delaysMs: [5_000, 30_000, 120_000],
  delay: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export type Attempted<T> =
  | { ok: true; value: T; attempts: number }
  | { ok: false; failure: MailFailure; attempts: number };

/** Run `send` until it succeeds, fails for good, or the waits run out. Never throws. */
export async function withRetry<T>(send: () => Promise<T>, policy: RetryPolicy): Promise<Attempted<T>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { ok: true, value: await send(), attempts: attempt };
    } catch (err) {
      const failure: MailFailure =
        err instanceof MailError ? err.failure : { kind: 'other', transient: false, message: (err as Error)?.message ?? String(err) };
      const wait = policy.delaysMs[attempt - 1];
      if (!failure.transient || wait === undefined) return { ok: false, failure, attempts: attempt };
      await policy.delay(wait);
    }
  }
}
