import type { Timer } from '../timer.js';

/** A clock and timer a test moves forward by hand: firing a wait sets the clock to its end. */
export function manualTime(start: string) {
  let now = new Date(start).getTime();
  const waits: { at: number; ms: number; fn: () => void; live: boolean }[] = [];
  const timer: Timer = {
    after(ms, fn) {
      const w = { at: now + ms, ms, fn, live: true };
      waits.push(w);
      return () => (w.live = false);
    },
  };
  return {
    clock: () => new Date(now),
    timer,
    /** The wait lengths armed so far, in minutes (cancelled ones too). */
    armed: () => waits.map((w) => w.ms / 60_000),
    live: () => waits.filter((w) => w.live).length,
    /** Move the clock (waits that fall due are not fired: call fireNext). */
    advanceHours(hours: number) {
      now += hours * 3_600_000;
    },
    fireNext() {
      const w = waits.filter((x) => x.live).sort((a, b) => a.at - b.at)[0];
      if (!w) throw new Error('no wait is armed');
      w.live = false;
      now = Math.max(now, w.at);
      w.fn();
    },
  };
}
