import { randomUUID } from 'node:crypto';
import type { CallContext, EventName, EventPayload } from '../../../shared/contract.js';
import type { Result } from '../../../shared/result.js';
import { roleAllows, type Identity } from '../../../shared/roles.js';
import type { EventSink } from '../event-hub.js';
import type { Logger } from '../../base/logger.js';
import { eventRules } from './event-rules.js';

/** What a session needs from the Director. */
export interface SessionHost {
  invoke(name: unknown, input: unknown, ctx: CallContext): Promise<Result<unknown>>;
  subscribe(sink: EventSink): () => void;
  logger: Logger;
}

export interface SessionOptions {
  identity: Identity;
  /** Deliver one event to this client (the transport's send). */
  send(event: EventName, payload: unknown): void;
  /** Where the client is (remote address, window), for the log. */
  peer?: string;
}

/**
 * One connection's session, whatever the transport (in-process, Electron IPC, WebSocket):
 * who it is, which events reach it (filtered by role), and what ends when it goes away.
 */
export class Session implements CallContext {
  readonly clientId = randomUUID();
  readonly identity: Identity;
  readonly peer: string;
  private readonly disconnectHandlers: (() => void)[] = [];
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(
    private readonly host: SessionHost,
    private readonly opts: SessionOptions,
  ) {
    this.identity = opts.identity;
    this.peer = opts.peer ?? 'this machine';
    this.unsubscribe = host.subscribe((event, payload) => this.emit(event, payload));
  }

  /** Make a request as this session (checked against its role at the dispatch point). */
  invoke(name: unknown, input: unknown): Promise<Result<unknown>> {
    if (this.closed) return Promise.resolve({ ok: false, error: { code: 'NO_DIRECTOR', message: 'This connection to the Director has ended.' } });
    return this.host.invoke(name, input, this);
  }

  /** Send an event to this client, if its role may see it, in the form its role may see. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    if (this.closed) return;
    const rule = eventRules[event] as { role: Parameters<typeof roleAllows>[1]; forUser?: (p: EventPayload<E>) => EventPayload<E> };
    if (!roleAllows(this.identity.role, rule.role)) return;
    const shown = this.identity.role === 'user' && rule.forUser ? rule.forUser(payload) : payload;
    this.opts.send(event, shown);
  }

  onDisconnect(fn: () => void): void {
    if (this.closed) fn();
    else this.disconnectHandlers.push(fn);
  }

  /** The client went away: stop its events and end what its requests started (task tokens, lights). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    for (const fn of this.disconnectHandlers.splice(0)) {
      try {
        fn();
      } catch (err) {
        this.host.logger.error(`disconnect handler failed: ${String(err)}`);
      }
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
