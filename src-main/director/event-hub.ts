import type { EventName, EventPayload } from '../../shared/contract.js';

export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/** Fans Director events out to every connected client (console windows, CLI, tray). */
export class EventHub {
  private readonly sinks = new Set<EventSink>();

  subscribe(sink: EventSink): () => void {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  broadcast<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const sink of [...this.sinks]) {
      try {
        sink(event, payload);
      } catch {
        // A client that cannot take an event is dropped by its transport; others still get it.
      }
    }
  }

  get size(): number {
    return this.sinks.size;
  }
}
