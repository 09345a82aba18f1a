import type { EventName, EventPayload } from './contract.js';

/** The `on` half of a Bridge plus the delivery side every transport shares. */
export interface EventListeners {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Hand an event that arrived to its listeners (a throwing listener does not stop the others). */
  deliver(event: string, payload: unknown): void;
  /** How many listeners are registered in all. */
  count(): number;
}

export function createEventListeners(): EventListeners {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  return {
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => {
        set.delete(l);
      };
    },
    deliver(event, payload) {
      for (const l of [...(listeners.get(event) ?? [])]) {
        try {
          l(payload);
        } catch (err) {
          console.error(`A listener of ${event} failed:`, err);
        }
      }
    },
    count: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
  };
}
