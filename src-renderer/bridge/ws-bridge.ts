import type { Bridge, RequestName, RequestOutput } from '../../shared/contract.js';
import { createRequestCore } from '../../shared/request-core.js';
import type { Result } from '../../shared/result.js';

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
  let delay = 500;
  let everOpened = false;
  let state: ConnectionState = 'connecting';
  const core = createRequestCore();
  const firstOutbox: string[] = [];
  const connListeners = new Set<(state: ConnectionState) => void>();
  const setState = (s: ConnectionState) => {
    state = s;
    connListeners.forEach((l) => l(s));
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
    ws.onmessage = (e) => core.receive(String(e.data));
    ws.onclose = async () => {
      // A request in flight may or may not have run: its caller is told the link was lost.
      core.failAll(NOT_CONNECTED_MESSAGE);
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
      const open = ws?.readyState === WebSocket.OPEN;
      if (!open && (everOpened || state !== 'connecting')) return Promise.resolve({ ok: false, error: { code: 'NO_DIRECTOR', message: NOT_CONNECTED_MESSAGE } });
      const { text, answer } = core.request(name, input);
      if (open) ws!.send(text);
      else firstOutbox.push(text);
      return answer;
    },
    on: core.on,
    onConnection(listener) {
      connListeners.add(listener);
      listener(state);
      return () => connListeners.delete(listener);
    },
  };
}
