import type { OffsiteTarget } from '../../../shared/offsite-settings.js';
import type { Timer } from '../retry/timer.js';
import { slotsBetween } from '../scheduler/schedule-slots.js';

// Targets copied on their own schedule (`when.kind: "schedule"`): once a minute the Director looks
// whether one of a target's times passed since the last look, and then queues the newest successful
// backup for it (unless that one is already there). A slot missed while the Director was down is
// not caught up: the next slot copies the newest backup, which holds everything.

/** The enabled schedule targets with a slot in (from, to] (pure). */
export function dueTargets(targets: readonly OffsiteTarget[], timeZone: string, from: Date, to: Date): OffsiteTarget[] {
  return targets.filter(
    (t) => t.enabled && t.when.kind === 'schedule' && slotsBetween([{ id: t.id, days: t.when.days, times: t.when.times, suspended: false }], timeZone, from, to).length > 0,
  );
}

export interface OffsiteScheduleDeps {
  targets: () => readonly OffsiteTarget[];
  timeZone: () => string;
  clock: () => Date;
  timer: Timer;
  due: (t: OffsiteTarget) => void;
}

/** Looks every minute; `stop()` ends it. */
export function startOffsiteSchedule(deps: OffsiteScheduleDeps): { stop(): void } {
  let last = deps.clock();
  let cancel: () => void = () => undefined;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    const now = deps.clock();
    for (const t of dueTargets(deps.targets(), deps.timeZone(), last, now)) deps.due(t);
    last = now;
    cancel = deps.timer.after(60_000, tick);
  };
  cancel = deps.timer.after(60_000, tick);
  return {
    stop: () => {
      stopped = true;
      cancel();
    },
  };
}
