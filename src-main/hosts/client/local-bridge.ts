import type { Bridge, RequestName, RequestOutput } from '../../../shared/contract.js';
import { createEventListeners } from '../../../shared/event-listeners.js';
import type { Result } from '../../../shared/result.js';
import { localAdmin, type Identity } from '../../../shared/roles.js';
import type { Director } from '../../director/director.js';

/** A Bridge into a Director in this process; `disconnect` closes its session. */
export type LocalBridge = Bridge & { disconnect(): void };

/** A Bridge straight into an in-process Director (the CLI when no Director runs, the embedded console's tray). */
export function createLocalBridge(director: Director, identity: Identity = localAdmin('in-process')): LocalBridge {
  const listeners = createEventListeners();
  const session = director.openSession({ identity, send: (name, payload) => listeners.deliver(name, payload) });
  return {
    invoke: <K extends RequestName>(name: K, input: unknown) => session.invoke(name, input) as Promise<Result<RequestOutput<K>>>,
    on: listeners.on,
    disconnect: () => session.close(),
  };
}
