import { describe, expect, it } from 'vitest';
import { create } from 'zustand';
import type { BackupRecord, VaultListing } from '../../shared/vault.js';
import { createVaultSlice, type VaultSlice } from './vault-slice.js';

const rec = (id: string, foundOnDisk = false): BackupRecord => ({
  id, trigger: 'On Demand', started: '2026-11-26T10:00:00.000+01:00', ended: null, result: 'Succeeded', folder: 'Recent',
  user: '', task: '', files: 1, bytes: 1, error: '', foundOnDisk,
});
const listing = (records: BackupRecord[], messages: string[] = []): VaultListing => ({
  hotBackupFolder: '/hb', records, damaged: [], damagedFile: null, rebuilt: false, messages,
});

describe('vault slice', () => {
  it('keeps a found-on-disk mark and the repair messages after the listing that repaired BACKUP.LOG', () => {
    const store = create<VaultSlice>()(createVaultSlice);
    store.getState().setVault(listing([rec('26112601'), rec('26112690', true)], ['added a line for 26112690 found on disk']));
    store.getState().setVault(listing([rec('26112601'), rec('26112690')]));
    expect(store.getState().vault!.records.map((r) => r.foundOnDisk)).toEqual([false, true]);
    expect(store.getState().vaultRepairs).toEqual(['added a line for 26112690 found on disk']);
    store.getState().dismissVaultRepairs();
    expect(store.getState().vaultRepairs).toEqual([]);
  });
});
