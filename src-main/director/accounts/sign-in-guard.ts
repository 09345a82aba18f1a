import type { Logger } from '../../base/logger.js';

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

const keysOf = (name: string | null, address: string) => (name === null ? [`addr:${address}`] : [`name:${name.toLowerCase()}`, `addr:${address}`]);

/**
 * Slows repeated failed sign-ins, counted per account name and per network address (so
 * neither guessing one account from many places nor many accounts from one place is fast),
 * and logs each failure. Tries from one address are checked one at a time, so opening many
 * connections at once does not multiply the guesses; an account name is only slowed, never
 * queued, so nobody can make its owner wait behind a queue of wrong tries.
 * A `null` name (an API token: too long to guess) counts per address only.
 */
export class SignInGuard {
  private readonly counts = new Map<string, Count>();
  private readonly queues = new Map<string, Promise<void>>();
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

  /**
   * Wait for this address's earlier tries to be decided, then as long as earlier failures for
   * this name or address ask. Call the returned function once the try is decided (failed or succeeded).
   */
  async before(name: string | null, address: string): Promise<() => void> {
    const key = `addr:${address}`;
    const previous = this.queues.get(key) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    const tail = previous.then(() => mine);
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    await previous;
    try {
      const ms = signInDelayMs(Math.max(...keysOf(name, address).map((k) => this.failuresOf(k))));
      if (ms > 0) await this.deps.sleep(ms);
    } catch (err) {
      done();
      throw err;
    }
    return done;
  }

  failed(name: string | null, address: string, how: string): void {
    const now = this.deps.clock().getTime();
    let worst = 0;
    for (const key of keysOf(name, address)) {
      const failures = this.failuresOf(key) + 1;
      this.counts.set(key, { failures, last: now });
      worst = Math.max(worst, failures);
    }
    const next = signInDelayMs(worst);
    this.deps.logger.warn(`failed sign-in as ${name === null ? 'an API token' : `"${name}"`} from ${address} (${how}; ${worst} in a row${next ? `, next try held ${next / 1000} s` : ''})`);
  }

  succeeded(name: string | null, address: string): void {
    for (const key of keysOf(name, address)) this.counts.delete(key);
  }
}
