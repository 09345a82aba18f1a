import { randomUUID } from 'node:crypto';
import type { Bridge, CallContext, RequestName, RequestOutput } from '../../../shared/contract.js';
import { createEventListeners } from '../../../shared/event-listeners.js';
import type { Result } from '../../../shared/result.js';
import type { Director } from '../../director/director.js';

/** A Bridge straight into an in-process Director (the CLI when no Director runs). */
export function createLocalBridge(director: Director): Bridge & { disconnect(): void } {
  const disconnectHandlers: (() => void)[] = [];
  const listeners = createEventListeners();
  const deliver = (name: string, payload: unknown) => listeners.deliver(name, payload);
  const ctx: CallContext = {
    clientId: randomUUID(),
    emit: (name, payload) => deliver(name, payload),
    onDisconnect: (fn) => disconnectHandlers.push(fn),
  };
  const unsubscribe = director.hub.subscribe((name, payload) => deliver(name, payload));
  return {
    invoke: <K extends RequestName>(name: K, input: unknown) =>
      director.invoke(name, input, ctx) as Promise<Result<RequestOutput<K>>>,
    on: listeners.on,
    disconnect: () => {
      unsubscribe();
      for (const fn of disconnectHandlers.splice(0)) fn();
    },
  };
}
