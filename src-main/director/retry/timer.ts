/** Calls `fn` once after `ms`; returns a cancel function. Injected so tests never wait for real time. */
export interface Timer {
  after(ms: number, fn: () => void): () => void;
}

/** setTimeout caps at about 24.8 days; longer waits are chained. */
const MAX_TIMEOUT = 2 ** 31 - 1;

export const realTimer: Timer = {
  after(ms, fn) {
    let handle: NodeJS.Timeout;
    const arm = (left: number) => {
      handle = setTimeout(() => (left > MAX_TIMEOUT ? arm(left - MAX_TIMEOUT) : fn()), Math.min(left, MAX_TIMEOUT));
      handle.unref?.();
    };
    arm(Math.max(0, ms));
    return () => clearTimeout(handle);
  },
};
