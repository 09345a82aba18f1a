import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import type { Bridge } from '../../shared/contract.js';
import type { ScheduleView } from '../../shared/schedule.js';
import { createScheduleSlice, type ScheduleSlice } from './schedule-slice.js';

const view = (nextRun: string | null): ScheduleView => ({ entries: [], suspendedUntil: null, timeZone: 'UTC', catchUpHours: 12, nextRun });

describe('schedule slice', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-11-26T11:59:00Z'));
  });
  afterEach(() => vi.useRealTimers());

  function setup(answers: ScheduleView[], fail = false) {
    const calls: string[] = [];
    const bridge = {
      invoke: async (name: string) => {
        calls.push(name);
        if (fail) return { ok: false, error: { code: 'NO_DIRECTOR', message: 'Director unreachable' } };
        return { ok: true, value: answers.shift() ?? view(null) };
      },
      on: () => () => undefined,
    } as unknown as Bridge;
    const store = createStore<ScheduleSlice>()(createScheduleSlice<ScheduleSlice>(() => bridge));
    return { store, calls };
  }

  it('loads the schedule, then loads it again once the next run has passed', async () => {
    const { store, calls } = setup([view('2026-11-26T12:00:00Z'), view('2026-11-26T17:00:00Z')]);
    await store.getState().loadSchedule();
    expect(store.getState().schedule?.nextRun).toBe('2026-11-26T12:00:00Z');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls).toHaveLength(2);
    expect(store.getState().schedule?.nextRun).toBe('2026-11-26T17:00:00Z');
  });

  it('says why the schedule could not be loaded', async () => {
    const { store } = setup([], true);
    await store.getState().loadSchedule();
    expect(store.getState().schedule).toBeNull();
    expect(store.getState().scheduleError).toBe('The schedule could not be loaded: Director unreachable');
  });
});
