import type { StateCreator } from 'zustand';
import type { Bridge } from '../../shared/contract.js';
import type { Overview } from '../../shared/overview.js';

export interface OverviewSlice {
  /** "Are my backups OK?" as the Director decides it (`overview.get`). */
  overview: Overview | null;
  overviewError: string | null;
  /** Fetch again: at boot, and when a run starts or ends, warnings change, settings or the Vault change. */
  loadOverview(): Promise<void>;
}

export const createOverviewSlice =
  <S extends OverviewSlice>(getBridge: () => Bridge): StateCreator<S, [], [], OverviewSlice> =>
  (set) => {
    // One request at a time; a change that arrives meanwhile asks once more afterwards.
    let inFlight: Promise<void> | null = null;
    let again = false;
    const load = async (): Promise<void> => {
      if (inFlight) {
        again = true;
        return inFlight;
      }
      inFlight = (async () => {
        do {
          again = false;
          const r = await getBridge().invoke('overview.get', {});
          if (r.ok) set({ overview: r.value, overviewError: null } as Partial<S>);
          else set({ overviewError: `The overview could not be loaded: ${r.error.message}` } as Partial<S>);
        } while (again);
      })().finally(() => {
        inFlight = null;
      });
      return inFlight;
    };
    return { overview: null, overviewError: null, loadOverview: load };
  };
