import type { Logger } from '../logger.js';

/** Wrong passwords allowed before each further try is slowed down. */
export const FREE_TRIES = 5;
const MAX_DELAY_MS = 60_000;
/** Failures older than this are forgotten. */
const FORGET_AFTER_MS = 15 * 60_000;

/** How long to hold the next try after `failures` wrong passwords in a row: none for five, then 1 s, 2 s, 4 s … up to a minute. */
export function signInDelayMs(failures: number): number {
  if (failures < FREE_TRIES) return 0;
  return Math.min(MAX_DELAY_MS, 1000 * 2 ** (failures - FREE_TRIES));
}

interface Count {
  failures: number;
  last: number;
}

/**
 * Slows repeated failed sign-ins, counted per account name and per network address (so
 * neither guessing one account from many places nor many accounts from one place is fast),
 * and logs each failure.
 */
export class SignInGuard {
  private readonly counts = new Map<string, Count>();
  constructor(
    private readonly deps: { clock: () => Date; sleep: (ms: number) => Promise<void>; logger: Logger },
  ) {}

  private failuresOf(key: string): number {
    const c = this.counts.get(key);
    if (!c) return 0;
    if (this.deps.clock().getTime() - c.last > FORGET_AFTER_MS) {
      this.counts.delete(key);
      return 0;
    }
    return c.failures;
  }

  /** Wait before checking a try, as long as earlier failures for this name or address ask. */
  async before(name: string, address: string): Promise<void> {
    const ms = signInDelayMs(Math.max(this.failuresOf(`name:${name.toLowerCase()}`), this.failuresOf(`addr:${address}`)));
    if (ms > 0) await this.deps.sleep(ms);
  }

  failed(name: string, address: string, how: string): void {
    const now = this.deps.clock().getTime();
    let worst = 0;
    for (const key of [`name:${name.toLowerCase()}`, `addr:${address}`]) {
      const failures = this.failuresOf(key) + 1;
      this.counts.set(key, { failures, last: now });
      worst = Math.max(worst, failures);
    }
    const next = signInDelayMs(worst);
    this.deps.logger.warn(`failed sign-in as "${name}" from ${address} (${how}; ${worst} in a row${next ? `, next try held ${next / 1000} s` : ''})`);
  }

  succeeded(name: string, address: string): void {
    this.counts.delete(`name:${name.toLowerCase()}`);
    this.counts.delete(`addr:${address}`);
  }
}
