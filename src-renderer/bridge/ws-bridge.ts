import type { Bridge, RequestName, RequestOutput, ServerMessage } from '../../shared/contract.js';
import type { Result } from '../../shared/result.js';
import { createEventListeners } from '../../shared/event-listeners.js';

/**
 * `connecting` / `open` / `closed` (Director unreachable, retrying), or why retrying cannot help:
 * `no-key` (the address carries no access key) and `wrong-key` (the Director refused it).
 */
export type ConnectionState = 'connecting' | 'open' | 'closed' | 'no-key' | 'wrong-key';

export interface WsBridge extends Bridge {
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

export const NOT_CONNECTED_MESSAGE =
  'Not connected to the HotBackup Director, so nothing was done. Try again once the console says it is connected.';

/** Asks the Director whether the key is right: true / false, or null when the Director cannot be reached. */
export type AccessCheck = (key: string) => Promise<boolean | null>;

export const fetchAccessCheck: AccessCheck = async (key) => {
  try {
    const res = await fetch('/api/access', { headers: { Authorization: `Bearer ${key}` }, cache: 'no-store' });
    return res.status === 204 ? true : res.status === 401 ? false : null;
  } catch {
    return null;
  }
};

/**
 * The browser's Bridge: requests and events over one WebSocket, reconnecting with backoff when
 * the Director restarts. Requests made before the first connection wait for it (the page's own
 * loads); once connected, a request made while the link is down fails at once and is never
 * sent later, so a click made while disconnected cannot start anything after reconnecting.
 */
export function createWsBridge(url: string, key: string, checkAccess: AccessCheck = fetchAccessCheck): WsBridge {
  let ws: WebSocket | null = null;
  let nextId = 1;
  let delay = 500;
  let everOpened = false;
  let state: ConnectionState = 'connecting';
  const pending = new Map<number, (r: Result<unknown>) => void>();
  const firstOutbox: string[] = [];
  const listeners = createEventListeners();
  const connListeners = new Set<(state: ConnectionState) => void>();
  const setState = (s: ConnectionState) => {
    state = s;
    connListeners.forEach((l) => l(s));
  };
  const failAll = (list: Iterable<(r: Result<unknown>) => void>) => {
    for (const settle of list) settle({ ok: false, error: { code: 'NO_DIRECTOR', message: NOT_CONNECTED_MESSAGE } });
  };

  const open = () => {
    setState('connecting');
    let opened = false;
    ws = new WebSocket(url);
    ws.onopen = () => {
      opened = true;
      everOpened = true;
      delay = 500;
      setState('open');
      for (const m of firstOutbox.splice(0)) ws?.send(m);
    };
    ws.onmessage = (e) => {
      const msg = JSON.parse(String(e.data)) as ServerMessage;
      if (msg.type === 'result') {
        pending.get(msg.id)?.(msg.result);
        pending.delete(msg.id);
      } else {
        listeners.deliver(msg.name, msg.payload);
      }
    };
    ws.onclose = async () => {
      // A request in flight may or may not have run: its caller is told the link was lost.
      failAll(pending.values());
      pending.clear();
      firstOutbox.length = 0;
      if (!opened && (await checkAccess(key)) === false) {
        setState('wrong-key');
        return;
      }
      setState('closed');
      setTimeout(open, delay);
      delay = Math.min(delay * 2, 10_000);
    };
  };
  if (key) open();
  else queueMicrotask(() => setState('no-key'));

  return {
    invoke<K extends RequestName>(name: K, input: unknown): Promise<Result<RequestOutput<K>>> {
      const id = nextId++;
      const text = JSON.stringify({ type: 'invoke', id, name, input });
      return new Promise((resolve) => {
        const settle = resolve as (r: Result<unknown>) => void;
        if (ws?.readyState === WebSocket.OPEN) {
          pending.set(id, settle);
          ws.send(text);
        } else if (!everOpened && state === 'connecting') {
          pending.set(id, settle);
          firstOutbox.push(text);
        } else {
          failAll([settle]);
        }
      });
    },
    on: listeners.on,
    onConnection(listener) {
      connListeners.add(listener);
      listener(state);
      return () => connListeners.delete(listener);
    },
  };
}
