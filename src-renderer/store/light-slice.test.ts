import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { create } from 'zustand';
import type { Bridge } from '../../shared/contract.js';
import type { LightAnswer } from '../../shared/run.js';
import type { Result } from '../../shared/result.js';
import { createLightSlice, type LightSlice } from './light-slice.js';

/** A Bridge whose `backup.request` answers when the test says so, recording what was asked. */
function scriptedBridge() {
  const calls: unknown[] = [];
  let answer: (r: Result<LightAnswer>) => void = () => {};
  const bridge = {
    invoke: (name: string, input: unknown) => {
      calls.push({ name, input });
      return new Promise((r) => (answer = r as typeof answer));
    },
    on: () => () => {},
  } as unknown as Bridge;
  return { bridge, calls, answer: (r: Result<LightAnswer>) => answer(r) };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('the traffic-light flow', () => {
  let b: ReturnType<typeof scriptedBridge>;
  let store: ReturnType<typeof makeStore>;
  const makeStore = (bridge: Bridge) => create<LightSlice>()((set, get, api) => createLightSlice<LightSlice>(() => bridge)(set, get, api));
  beforeEach(() => {
    b = scriptedBridge();
    store = makeStore(b.bridge);
  });
  afterEach(() => vi.useRealTimers());

  it('"Cancel" answers cancel and asks the Director for nothing', async () => {
    const choice = store.getState().askLight({ level: 'recommended', wait: 'completed', task: 'Restore' });
    expect(store.getState().light?.stage).toEqual({ kind: 'ask' });
    store.getState().lightAnswer('cancel');
    expect(await choice).toBe('cancel');
    expect(store.getState().light).toBeNull();
    expect(b.calls).toEqual([]);
  });

  it('"Make a HotBackup" waits with live status, turns green, and closes itself after 10 s with "go"', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const choice = store.getState().askLight({ level: 'suggested', wait: 'completed', task: 'Remove Ledger' });
    void store.getState().lightMakeBackup();
    expect(b.calls).toEqual([
      { name: 'backup.request', input: { level: 'suggested', wait: 'completed', task: 'Remove Ledger', user: 'Console', system: 'HotBackup Console' } },
    ]);
    store.getState().lightUpdate({ state: 'waiting', status: 'Saving', phase: 'Streaming Files', reason: null, runKey: 'k' });
    expect(store.getState().light?.stage).toEqual({ kind: 'waiting', status: 'Saving', phase: 'Streaming Files' });

    b.answer({ ok: true, value: { state: 'go', reason: null, runKey: 'k', runId: '26112601' } });
    await flush();
    expect(store.getState().light?.stage).toEqual({ kind: 'green', secondsLeft: 10, runId: '26112601' });
    let settled = false;
    void choice.then(() => (settled = true));
    vi.advanceTimersByTime(9000);
    await flush();
    expect(store.getState().light?.stage).toMatchObject({ kind: 'green', secondsLeft: 1 });
    expect(settled).toBe(false);
    vi.advanceTimersByTime(1000);
    expect(await choice).toBe('go');
    expect(store.getState().light).toBeNull();
  });

  it('a failed run shows the reason; "Continue without" then answers continue-without', async () => {
    const choice = store.getState().askLight({ level: 'recommended', wait: 'completed', task: 'Restore' });
    void store.getState().lightMakeBackup();
    b.answer({ ok: true, value: { state: 'failed', reason: 'disk full (in Saving Files)', runKey: 'k', runId: null } });
    await flush();
    expect(store.getState().light?.stage).toEqual({ kind: 'failed', reason: 'disk full (in Saving Files)' });
    store.getState().lightAnswer('continue-without');
    expect(await choice).toBe('continue-without');
  });

  it('a Director error (e.g. lost connection) is shown as the failure reason', async () => {
    void store.getState().askLight({ level: 'suggested', wait: 'started', task: 'Delete' });
    void store.getState().lightMakeBackup();
    b.answer({ ok: false, error: { code: 'NO_DIRECTOR', message: 'Lost the connection to the HotBackup Director; reconnecting.' } });
    await flush();
    expect(store.getState().light?.stage).toEqual({ kind: 'failed', reason: 'Lost the connection to the HotBackup Director; reconnecting.' });
  });

  it('an answer that arrives after the admin stopped waiting changes nothing', async () => {
    const first = store.getState().askLight({ level: 'recommended', wait: 'completed', task: 'A' });
    void store.getState().lightMakeBackup();
    store.getState().lightAnswer('cancel');
    expect(await first).toBe('cancel');
    const second = store.getState().askLight({ level: 'suggested', wait: 'started', task: 'B' });
    b.answer({ ok: true, value: { state: 'go', reason: null, runKey: 'k', runId: null } });
    await flush();
    expect(store.getState().light).toEqual({ ask: { level: 'suggested', wait: 'started', task: 'B' }, stage: { kind: 'ask' } });
    store.getState().lightAnswer('cancel');
    expect(await second).toBe('cancel');
  });

  it('a second ask while a light is open is answered cancel, not hidden behind the first', async () => {
    void store.getState().askLight({ level: 'recommended', wait: 'completed', task: 'A' });
    expect(await store.getState().askLight({ level: 'suggested', wait: 'started', task: 'B' })).toBe('cancel');
    expect(store.getState().light?.ask.task).toBe('A');
  });
});
