import { describe, expect, it } from 'vitest';
import { eventNames, requestNames } from '../../../shared/contract.js';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc-channels.js';
import { createPreloadBridge, type RendererIpc } from './preload-bridge.js';

type Listener = (event: unknown, ...args: unknown[]) => void;
class FakeIpcRenderer implements RendererIpc {
  readonly invoked: unknown[][] = [];
  readonly listeners = new Map<string, Set<Listener>>();
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push([channel, ...args]);
    return Promise.resolve({ ok: true, value: 'answer' });
  }
  on(channel: string, listener: Listener) {
    const set = this.listeners.get(channel) ?? new Set();
    set.add(listener);
    this.listeners.set(channel, set);
    return this;
  }
  removeListener(channel: string, listener: Listener) {
    this.listeners.get(channel)?.delete(listener);
    return this;
  }
  emit(channel: string, ...args: unknown[]) {
    const electronEvent = { sender: 'ipcRenderer internals', ports: [] };
    for (const l of this.listeners.get(channel) ?? []) l(electronEvent, ...args);
  }
}

describe('preload bridge (window.hotbackup)', () => {
  it('exposes exactly invoke and on', () => {
    expect(Object.keys(createPreloadBridge(new FakeIpcRenderer())).sort()).toEqual(['invoke', 'on']);
  });

  it('passes every contract request through and nothing else', async () => {
    const ipc = new FakeIpcRenderer();
    const bridge = createPreloadBridge(ipc);
    for (const name of requestNames) await expect(bridge.invoke(name, {} as never)).resolves.toEqual({ ok: true, value: 'answer' });
    expect(ipc.invoked.map((c) => c[1])).toEqual(requestNames);
    expect(ipc.invoked.every((c) => c[0] === INVOKE_CHANNEL)).toBe(true);

    const refused = await bridge.invoke('shell.openExternal' as never, {} as never);
    expect(refused).toMatchObject({ ok: false, error: { code: 'UNKNOWN_REQUEST' } });
    expect(ipc.invoked).toHaveLength(requestNames.length);
  });

  it('subscribes to contract events only, strips the Electron event, and disposes', () => {
    const ipc = new FakeIpcRenderer();
    const bridge = createPreloadBridge(ipc);
    for (const name of eventNames) expect(() => bridge.on(name, () => undefined)()).not.toThrow();
    expect(() => bridge.on('ipc.raw' as never, () => undefined)).toThrow(/not in the HotBackup contract/);

    const got: unknown[][] = [];
    const off = bridge.on('status.changed', (...args) => got.push(args));
    const offOther = bridge.on('settings.changed', () => got.push(['wrong listener']));
    ipc.emit(EVENT_CHANNEL, 'status.changed', { status: 'Saving' });
    expect(got).toEqual([[{ status: 'Saving' }]]);

    off();
    ipc.emit(EVENT_CHANNEL, 'status.changed', { status: 'Complete' });
    expect(got).toHaveLength(1);
    offOther();
    expect(ipc.listeners.get(EVENT_CHANNEL)?.size ?? 0).toBe(0);
  });
});
