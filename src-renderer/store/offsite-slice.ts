import type { StateCreator } from 'zustand';
import type { Bridge } from '../../shared/contract.js';
import type { OffsiteStatus } from '../../shared/offsite.js';

export interface OffsiteSlice {
  /** Every target's live state and the last copies (`offsite.status`, then each `offsite.changed`). */
  offsite: OffsiteStatus | null;
  offsiteError: string | null;
  /** Why a target's copies could not be listed (`offsite.list`), by target ID. */
  offsiteListErrors: Record<string, string>;
  setOffsite(s: OffsiteStatus): void;
  loadOffsite(): Promise<void>;
  /** Ask each target which copies it holds (the answer arrives as `offsite.changed`). */
  listOffsite(targets: readonly string[]): Promise<void>;
}

export const createOffsiteSlice =
  <S extends OffsiteSlice>(getBridge: () => Bridge): StateCreator<S, [], [], OffsiteSlice> =>
  (set) => ({
    offsite: null,
    offsiteError: null,
    offsiteListErrors: {},
    setOffsite: (offsite) => set({ offsite, offsiteError: null } as Partial<S>),
    loadOffsite: async () => {
      const r = await getBridge().invoke('offsite.status', {});
      set((r.ok ? { offsite: r.value, offsiteError: null } : { offsiteError: r.error.message }) as Partial<S>);
    },
    listOffsite: async (targets) => {
      const answers = await Promise.all(targets.map(async (target) => [target, await getBridge().invoke('offsite.list', { target })] as const));
      const errors = Object.fromEntries(answers.flatMap(([t, r]) => (r.ok ? [] : [[t, r.error.message]])));
      set({ offsiteListErrors: errors } as Partial<S>);
    },
  });
