import { isEventName, isRequestName, type Bridge, type EventName, type EventPayload, type RequestName, type RequestOutput } from '../../../shared/contract.js';
import type { Result } from '../../../shared/result.js';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './ipc-channels.js';
import { createEventListeners } from '../../../shared/event-listeners.js';

/** The slice of Electron's ipcRenderer the preload uses (a fake one in tests). */
export interface RendererIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * What `window.hotbackup` is: invoke and on, for the contract's names only. The Electron
 * event never reaches the page; one IPC listener fans out to every subscriber.
 */
export function createPreloadBridge(ipc: RendererIpc): Bridge {
  const listeners = createEventListeners();
  const fanOut = (_event: unknown, name: unknown, payload: unknown) => {
    if (isEventName(name)) listeners.deliver(name, payload);
  };
  let attached = false;

  return {
    invoke<K extends RequestName>(name: K, input: unknown): Promise<Result<RequestOutput<K>>> {
      if (!isRequestName(name)) {
        return Promise.resolve({
          ok: false,
          error: { code: 'UNKNOWN_REQUEST', message: `Unknown request ${JSON.stringify(name)}: the console may be newer than this HotBackup.` },
        });
      }
      return ipc.invoke(INVOKE_CHANNEL, name, input) as Promise<Result<RequestOutput<K>>>;
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      if (!isEventName(event)) throw new Error(`Unknown event ${JSON.stringify(event)}: it is not in the HotBackup contract.`);
      if (typeof listener !== 'function') throw new Error(`on(${event}, listener): listener must be a function.`);
      const off = listeners.on(event, listener);
      if (!attached) {
        ipc.on(EVENT_CHANNEL, fanOut);
        attached = true;
      }
      return () => {
        off();
        if (listeners.count() === 0 && attached) {
          ipc.removeListener(EVENT_CHANNEL, fanOut);
          attached = false;
        }
      };
    },
  };
}
