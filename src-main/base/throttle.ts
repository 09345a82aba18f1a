/**
 * The one throttle for progress: at most one update per interval. `RateGate` is the decision
 * (used where an update inside the quiet time is dropped: a vault operation's progress to its
 * caller, the offsite copies' state, the engine's progress events); `Throttle` adds a timer that
 * delivers the latest value when the quiet time ends (a run's status to every client).
 */

export interface ThrottleTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: ThrottleTimers = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** Lets one update through per `intervalMs` by `now()` (milliseconds); a forced one always goes and starts a new interval. */
export class RateGate {
  private lastAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number,
  ) {}

  /** Would an update go through now (nothing is marked)? */
  due(): boolean {
    return this.waitMs() <= 0;
  }

  /** Milliseconds until the next update may go (0 or less: now). */
  waitMs(): number {
    return this.lastAt + this.intervalMs - this.now();
  }

  /** True, and the interval starts again, when an update may go now or `force` says it must (`now`: the time the caller already read). */
  pass(force = false, now = this.now()): boolean {
    if (!force && now - this.lastAt < this.intervalMs) return false;
    this.lastAt = now;
    return true;
  }
}

/**
 * Delivers at most one value per `intervalMs` (progress to every client, ~10 a second),
 * and always the latest: a value pushed during the quiet time is sent when it ends.
 * `flush()` sends what is pending at once (a run's final state).
 */
export class Throttle<T> {
  private readonly gate: RateGate;
  private timer: unknown = null;
  private pending: { value: T } | null = null;

  constructor(
    private readonly deliver: (value: T) => void,
    intervalMs = 100,
    private readonly timers: ThrottleTimers = realTimers,
  ) {
    this.gate = new RateGate(intervalMs, () => timers.now());
  }

  push(value: T): void {
    this.pending = { value };
    if (this.timer !== null) return;
    const wait = this.gate.waitMs();
    if (wait <= 0) this.flush();
    else
      this.timer = this.timers.setTimeout(() => {
        this.timer = null;
        this.flush();
      }, wait);
  }

  flush(): void {
    if (this.timer !== null) {
      this.timers.clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.pending) return;
    const { value } = this.pending;
    this.pending = null;
    this.gate.pass(true);
    this.deliver(value);
  }

  /** Drop the timer (shutdown) after delivering what is pending. */
  close(): void {
    this.flush();
  }
}
