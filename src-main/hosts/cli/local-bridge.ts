import { randomUUID } from 'node:crypto';
import type { Bridge, CallContext, EventName, EventPayload, RequestName, RequestOutput } from '../../../shared/contract.js';
import type { Result } from '../../../shared/result.js';
import type { Director } from '../../director/director.js';

/** A Bridge straight into an in-process Director (the CLI when no Director runs). */
export function createLocalBridge(director: Director): Bridge & { disconnect(): void } {
  const disconnectHandlers: (() => void)[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const deliver = (name: string, payload: unknown) => {
    for (const l of listeners.get(name) ?? []) l(payload);
  };
  const ctx: CallContext = {
    clientId: randomUUID(),
    emit: (name, payload) => deliver(name, payload),
    onDisconnect: (fn) => disconnectHandlers.push(fn),
  };
  const unsubscribe = director.hub.subscribe((name, payload) => deliver(name, payload));
  return {
    invoke: <K extends RequestName>(name: K, input: unknown) =>
      director.invoke(name, input, ctx) as Promise<Result<RequestOutput<K>>>,
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
    disconnect: () => {
      unsubscribe();
      for (const fn of disconnectHandlers.splice(0)) fn();
    },
  };
}
