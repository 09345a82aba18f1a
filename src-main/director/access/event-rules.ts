import type { EventName, EventPayload } from '../../../shared/contract.js';
import type { Role } from '../../../shared/roles.js';
import { lightForUser, statusForUser, withoutPaths } from './redact.js';

interface EventRule<E extends EventName> {
  /** Below this role the event is not sent at all. */
  role: Role;
  /** What a `user` receives instead of the full payload. */
  forUser?: (p: EventPayload<E>) => EventPayload<E>;
}

/** Who receives each event: a `user` gets progress and results, never settings or paths. */
export const eventRules: { readonly [E in EventName]: EventRule<E> } = {
  'status.changed': { role: 'user', forUser: statusForUser },
  'light.update': { role: 'user', forUser: lightForUser },
  'task.update': { role: 'user', forUser: (u) => ({ ...u, reason: withoutPaths(u.reason) }) },
  'settings.changed': { role: 'operator' },
  'vault.changed': { role: 'operator' },
  'vault.progress': { role: 'operator' },
  'offsite.changed': { role: 'operator' },
};
