import type { Handlers } from '../../../shared/contract.js';
import { readHistory } from '../history/history-store.js';
import type { DirectorServices } from '../services.js';

export const historyHandlers = (d: DirectorServices): Pick<Handlers, 'history.list'> => ({
  'history.list': async ({ limit }) => {
    const listing = await readHistory(d.configDir, { activeKey: d.runs.current()?.key ?? null, limit, clock: d.clock });
    for (const m of listing.messages) d.logger.warn(`run history: ${m}`);
    return listing;
  },
});
