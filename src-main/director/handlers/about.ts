import type { Handlers } from '../../../shared/contract.js';
import type { DirectorServices } from '../services.js';

export const aboutHandlers = (d: DirectorServices): Pick<Handlers, 'about.get'> => ({
  'about.get': async (_input, ctx) => ({ url: d.endpoint.url, fingerprint: d.endpoint.fingerprint, signedInAs: ctx.identity }),
});
