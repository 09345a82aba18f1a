import type { Handlers } from '../../../shared/contract.js';
import type { DirectorServices } from '../services.js';

export const statusHandlers = (d: DirectorServices): Pick<Handlers, 'status.get'> => ({
  'status.get': async () => d.status.get(),
});
