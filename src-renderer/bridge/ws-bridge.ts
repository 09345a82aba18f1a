import type { Bridge, RequestName, RequestOutput, ServerMessage } from '../../shared/contract.js';
import type { Result } from '../../shared/result.js';
import { createEventListeners } from '../../shared/event-listeners.js';

export type ConnectionState = 'connecting' | 'open' | 'closed';

export interface WsBridge extends Bridge {
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

/**
 * The browser's Bridge: requests and events over one WebSocket, reconnecting with
 * backoff when the Director restarts. Requests made while disconnected wait for the link.
 */
export function createWsBridge(url: string): WsBridge {
  let ws: WebSocket | null = null;
  let nextId = 1;
  let delay = 500;
  const pending = new Map<number, (r: Result<unknown>) => void>();
  const outbox: string[] = [];
  const listeners = createEventListeners();
  const connListeners = new Set<(state: ConnectionState) => void>();
  const setState = (s: ConnectionState) => connListeners.forEach((l) => l(s));

  const open = () => {
    setState('connecting');
    ws = new WebSocket(url);
    ws.onopen = () => {
      delay = 500;
      setState('open');
      for (const m of outbox.splice(0)) ws?.send(m);
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
    ws.onclose = () => {
      for (const settle of pending.values()) {
        settle({ ok: false, error: { code: 'NO_DIRECTOR', message: 'Lost the connection to the HotBackup Director; reconnecting.' } });
      }
      pending.clear();
      setState('closed');
      setTimeout(open, delay);
      delay = Math.min(delay * 2, 10_000);
    };
  };
  open();

  return {
    invoke<K extends RequestName>(name: K, input: unknown): Promise<Result<RequestOutput<K>>> {
      const id = nextId++;
      const text = JSON.stringify({ type: 'invoke', id, name, input });
      return new Promise((resolve) => {
        pending.set(id, resolve as (r: Result<unknown>) => void);
        if (ws?.readyState === WebSocket.OPEN) ws.send(text);
        else outbox.push(text);
      });
    },
    on: listeners.on,
    onConnection(listener) {
      connListeners.add(listener);
      return () => connListeners.delete(listener);
    },
  };
}
