import type { StatusSnapshot } from '../../shared/status.js';

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

/**
 * Delivers at most one value per `intervalMs` (progress to every client, ~10 a second),
 * and always the latest: a value pushed during the quiet time is sent when it ends.
 * `flush()` sends what is pending at once (a run's final state).
 */
export class Throttle<T> {
  private lastAt = Number.NEGATIVE_INFINITY;
  private timer: unknown = null;
  private pending: { value: T } | null = null;

  constructor(
    private readonly deliver: (value: T) => void,
    private readonly intervalMs = 100,
    private readonly timers: ThrottleTimers = realTimers,
  ) {}

  push(value: T): void {
    this.pending = { value };
    if (this.timer !== null) return;
    const wait = this.lastAt + this.intervalMs - this.timers.now();
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
    this.lastAt = this.timers.now();
    this.deliver(value);
  }

  /** Drop the timer (shutdown) after delivering what is pending. */
  close(): void {
    this.flush();
  }
}

/**
 * A run's status snapshots into the throttle. A new status or phase goes out at once: within the
 * quiet time a short phase (Locking Files) would otherwise be replaced by the next and never be
 * seen by any client. What the ending phase still holds (its final "N of M files", which the
 * engine sends once as the phase ends) goes out first, not replaced by the new phase.
 */
export function relayStatus(throttle: Throttle<StatusSnapshot>): (s: StatusSnapshot, final: boolean) => void {
  let lastPhaseKey = '';
  return (s, final) => {
    const key = `${s.status}|${s.phase ?? ''}`;
    const changed = key !== lastPhaseKey;
    lastPhaseKey = key;
    if (changed) throttle.flush();
    throttle.push(s);
    if (final || changed) throttle.flush();
  };
}
