import type { StateCreator } from 'zustand';
import type { HistoryEntry } from '../../shared/history.js';
import type { VaultListing, VaultProgress, VerifyResult } from '../../shared/vault.js';

export interface VaultSlice {
  vault: VaultListing | null;
  /** The run history (every attempt, also those without a backup folder); null until read. */
  history: HistoryEntry[] | null;
  setHistory(entries: HistoryEntry[]): void;
  /** Repairs the Director reported (kept until dismissed: the next listing no longer has them). */
  vaultRepairs: string[];
  /** IDs listed as found on disk this session: the listing that adds their BACKUP.LOG line is the only one that says so. */
  foundOnDiskIds: string[];
  dismissVaultRepairs(): void;
  vaultError: string | null;
  vaultLoading: boolean;
  /** Verdicts of "Verify" in this session, by backup ID. */
  verified: Record<string, VerifyResult>;
  /** The latest `vault.progress` of this console's own verify or restore. */
  vaultProgress: VaultProgress | null;
  setVault(listing: VaultListing): void;
  setVaultError(message: string | null): void;
  setVaultLoading(loading: boolean): void;
  setVerified(result: VerifyResult): void;
  setVaultProgress(p: VaultProgress | null): void;
}

export const createVaultSlice: StateCreator<VaultSlice, [], [], VaultSlice> = (set) => ({
  vault: null,
  history: null,
  setHistory: (history) => set({ history }),
  vaultRepairs: [],
  foundOnDiskIds: [],
  dismissVaultRepairs: () => set({ vaultRepairs: [] }),
  vaultError: null,
  vaultLoading: false,
  verified: {},
  vaultProgress: null,
  setVault: (listing) =>
    set((s) => {
      const found = new Set([...s.foundOnDiskIds, ...listing.records.filter((r) => r.foundOnDisk).map((r) => r.id)]);
      const records = listing.records.map((r) => (found.has(r.id) && !r.foundOnDisk ? { ...r, foundOnDisk: true } : r));
      return {
        vault: { ...listing, records },
        vaultError: null,
        foundOnDiskIds: [...found],
        vaultRepairs: listing.messages.length > 0 ? [...new Set([...s.vaultRepairs, ...listing.messages])] : s.vaultRepairs,
      };
    }),
  setVaultError: (vaultError) => set({ vaultError }),
  setVaultLoading: (vaultLoading) => set({ vaultLoading }),
  setVerified: (result) => set((s) => ({ verified: { ...s.verified, [result.id]: result } })),
  setVaultProgress: (vaultProgress) => set({ vaultProgress }),
});
