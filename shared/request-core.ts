import { events, isEventName, isRequestName, requests, ServerMessage, type RequestName, type RequestOutput } from './contract.js';
import { createEventListeners, type EventListeners } from './event-listeners.js';
import type { Result } from './result.js';

// The request/response half every WebSocket client of the Director shares (the Node one in
// src-main/hosts/client/ws-client.ts, the browser's in src-renderer/bridge/ws-bridge.ts): request
// ids, matching an answer to its call, failing the calls a dropped link leaves waiting, handing
// events to listeners, and checking what arrives against the contract's schemas instead of
// trusting it. Each transport keeps its own socket, reconnects and wording of a dropped link.

/** What a client keeps for one request sent: the text to send, and its answer. */
export interface OutgoingRequest<T> {
  text: string;
  answer: Promise<Result<T>>;
}

export interface RequestCore {
  on: EventListeners['on'];
  /** Number a new request; its answer settles when the Director replies, or at failAll. */
  request<K extends RequestName>(name: K, input: unknown): OutgoingRequest<RequestOutput<K>>;
  /**
   * One message from the Director: an answer settles its call (an unknown id is ignored), an event
   * reaches its listeners. One that cannot be read (not JSON, not a message, an id that is not a
   * number) fails every call waiting with INTERNAL naming the problem, or is reported when none waits.
   */
  receive(text: string): void;
  /** The link dropped: every call still waiting fails with NO_DIRECTOR and `message` (each may or may not have run). */
  failAll(message: string): void;
}

export interface RequestCoreOptions {
  /** A message that is not the contract's and answers no call (default: console.error). */
  onBadMessage?: (problem: string) => void;
}

const SAME_VERSION = 'Are the console, the CLI and the Director the same version of HotBackup?';
const issueOf = (error: { issues: { path: PropertyKey[]; message: string }[] }): string => {
  const first = error.issues[0];
  return first ? `${first.path.map(String).join('.') || 'the message'}: ${first.message}` : 'not the expected shape';
};

export function createRequestCore(opts: RequestCoreOptions = {}): RequestCore {
  const report = opts.onBadMessage ?? ((problem: string) => console.error(problem));
  let nextId = 1;
  const pending = new Map<number, { name: RequestName; settle: (r: Result<unknown>) => void }>();
  const listeners = createEventListeners();

  const answer = (id: number, result: Result<unknown>) => {
    const call = pending.get(id);
    if (!call) return;
    pending.delete(id);
    // A failure, or a name the contract lacks (only a caller that bypasses its types sends one), as it came.
    if (!result.ok || !isRequestName(call.name)) return call.settle(result);
    const value = requests[call.name].output.safeParse(result.value);
    call.settle(
      value.success
        ? { ok: true, value: value.data }
        : { ok: false, error: { code: 'INTERNAL', message: `The Director's answer to ${call.name} does not follow the contract (${issueOf(value.error)}). ${SAME_VERSION}` } },
    );
  };

  // A message that cannot be read may have been the answer to any call waiting: those would wait
  // forever, so each fails with the problem (an unreadable event answers nothing).
  const unreadable = (problem: string, maybeAnswer: boolean) => {
    const calls = maybeAnswer ? [...pending.values()] : [];
    if (calls.length === 0) return report(problem);
    pending.clear();
    for (const call of calls) call.settle({ ok: false, error: { code: 'INTERNAL', message: problem } });
  };

  const receive = (text: string) => {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return unreadable(`The Director sent a message that is not JSON: ${text.slice(0, 80)}. ${SAME_VERSION}`, true);
    }
    const msg = ServerMessage.safeParse(raw);
    if (!msg.success) {
      const id = (raw as { id?: unknown } | null)?.id;
      const call = typeof id === 'number' ? pending.get(id) : undefined;
      const problem = `The Director sent a message that does not follow the contract (${issueOf(msg.error)}). ${SAME_VERSION}`;
      if (call && typeof id === 'number') {
        pending.delete(id);
        return call.settle({ ok: false, error: { code: 'INTERNAL', message: problem } });
      }
      return unreadable(problem, (raw as { type?: unknown } | null)?.type !== 'event');
    }
    if (msg.data.type === 'result') return answer(msg.data.id, msg.data.result);
    // An event this client does not know (a newer Director) has no listener here.
    const { name, payload } = msg.data;
    if (!isEventName(name)) return;
    const parsed = events[name].safeParse(payload);
    if (!parsed.success) return report(`The Director's ${name} event does not follow the contract (${issueOf(parsed.error)}). ${SAME_VERSION}`);
    listeners.deliver(name, parsed.data);
  };

  return {
    on: listeners.on,
    request<K extends RequestName>(name: K, input: unknown): OutgoingRequest<RequestOutput<K>> {
      const id = nextId++;
      const text = JSON.stringify({ type: 'invoke', id, name, input });
      const answer = new Promise<Result<RequestOutput<K>>>((resolve) => pending.set(id, { name, settle: resolve as (r: Result<unknown>) => void }));
      return { text, answer };
    },
    receive,
    failAll(message) {
      const calls = [...pending.values()];
      pending.clear();
      for (const call of calls) call.settle({ ok: false, error: { code: 'NO_DIRECTOR', message } });
    },
  };
}
