import type { StateCreator } from 'zustand';
import type { VaultListing, VaultProgress, VerifyResult } from '../../shared/vault.js';

export interface VaultSlice {
  vault: VaultListing | null;
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
  vaultError: null,
  vaultLoading: false,
  verified: {},
  vaultProgress: null,
  setVault: (vault) => set({ vault, vaultError: null }),
  setVaultError: (vaultError) => set({ vaultError }),
  setVaultLoading: (vaultLoading) => set({ vaultLoading }),
  setVerified: (result) => set((s) => ({ verified: { ...s.verified, [result.id]: result } })),
  setVaultProgress: (vaultProgress) => set({ vaultProgress }),
});
