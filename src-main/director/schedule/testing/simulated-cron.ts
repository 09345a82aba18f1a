import cron from 'node-cron';
import type { CronFactory } from '../scheduler.js';

/**
 * node-cron's own matcher driven by a fake clock: `advanceTo` walks minute by minute and
 * fires every armed job whose expression matches, as node-cron would, without real waiting.
 */
export function simulatedCron(clock: { now: Date }) {
  const jobs = new Set<{ expression: string; matches: (d: Date) => boolean; fire: (d: Date) => void }>();
  const armed: string[][] = [];
  const factory: CronFactory = (expression, onTick, opts) => {
    const task = cron.createTask(expression, () => undefined, { timezone: opts.timezone });
    const job = { expression, matches: (d: Date) => task.match(d), fire: (d: Date) => onTick(d) };
    jobs.add(job);
    return {
      destroy: () => {
        jobs.delete(job);
        void task.destroy();
      },
    };
  };
  return {
    factory,
    armed,
    expressions: () => [...jobs].map((j) => j.expression),
    /** Step the clock to `end`, one minute at a time, firing matching jobs (at most once per minute, like noOverlap). */
    advanceTo(end: Date) {
      let t = Math.floor(clock.now.getTime() / 60_000) * 60_000 + 60_000;
      for (; t <= end.getTime(); t += 60_000) {
        clock.now = new Date(t);
        for (const job of [...jobs]) if (job.matches(clock.now)) job.fire(clock.now);
      }
      clock.now = end;
    },
  };
}
