import type { Handlers } from '../../../shared/contract.js';
import { decideOverview } from '../overview/overview-decide.js';
import { gatherOverviewFacts } from '../overview/overview-facts.js';
import { sizeEstimator } from '../overview/size-estimate.js';
import type { DirectorServices } from '../services.js';

export const overviewHandlers = (d: DirectorServices): Pick<Handlers, 'overview.get'> => {
  const estimate = sizeEstimator(d.clock);
  return { 'overview.get': async () => decideOverview(await gatherOverviewFacts(d, estimate)) };
};
