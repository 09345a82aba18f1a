import type { StateCreator } from 'zustand';
import type { Bridge } from '../../shared/contract.js';
import type { ScheduleView } from '../../shared/schedule.js';

export interface ScheduleSlice {
  /** The schedule with its next run times, as the Director computes them (`schedule.list`). */
  schedule: ScheduleView | null;
  scheduleError: string | null;
  /** Fetch `schedule.list` again: at boot, on `settings.changed`, and when the next run has passed. */
  loadSchedule(): Promise<void>;
  /** A schedule.* answer carries the new view: show it at once. */
  setSchedule(view: ScheduleView): void;
}

/** Next runs go stale as time passes: reload shortly after the earliest one (at most daily). */
const DAY_MS = 24 * 60 * 60 * 1000;

export const createScheduleSlice =
  <S extends ScheduleSlice>(getBridge: () => Bridge, now: () => number = Date.now): StateCreator<S, [], [], ScheduleSlice> =>
  (set, get) => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const setView = (schedule: ScheduleView) => {
      set({ schedule, scheduleError: null } as Partial<S>);
      if (timer) clearTimeout(timer);
      const next = schedule.nextRun ? Date.parse(schedule.nextRun) - now() + 5_000 : DAY_MS;
      timer = setTimeout(() => void get().loadSchedule(), Math.min(Math.max(next, 5_000), DAY_MS));
    };
    return {
      schedule: null,
      scheduleError: null,
      setSchedule: setView,
      loadSchedule: async () => {
        const r = await getBridge().invoke('schedule.list', {});
        if (r.ok) setView(r.value);
        else set({ scheduleError: `The schedule could not be loaded: ${r.error.message}` } as Partial<S>);
      },
    };
  };
