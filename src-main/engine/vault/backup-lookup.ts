import { join } from 'node:path';
import { HotBackupError } from '../../../shared/result.js';
import { assertOwnFolder, NotOwnFileError } from '../../base/no-follow.js';
import { causeWords } from '../errors.js';
import type { BackupRecord } from '../../../shared/vault.js';
import { backupPath } from './backup-folders.js';
import { loadVault, type LoadVaultOptions } from './vault-store.js';

export interface FoundBackup {
  record: BackupRecord;
  /** `<HotBackup folder>/<Recent|Archive|Failed>/<ID>` */
  path: string;
}

/** One backup by ID, or NOT_FOUND with a message that says where we looked and what to do. */
export async function findBackup(hotBackupFolder: string, id: string, opts: LoadVaultOptions = {}): Promise<FoundBackup> {
  const state = await loadVault(hotBackupFolder, opts);
  const record = state.records.find((r) => r.id === id);
  if (!record) {
    throw new HotBackupError('NOT_FOUND', `There is no backup ${id} in the HotBackup folder ${hotBackupFolder}. "hotbackup list" shows the IDs there.`);
  }
  const path = backupPath(hotBackupFolder, record.folder, id);
  // A run folder (or Recent/, Archive/, Failed/) that is a symbolic link would make us read elsewhere.
  for (const p of [join(hotBackupFolder, record.folder), path]) {
    await assertOwnFolder(p).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return;
      throw new HotBackupError('BAD_INPUT', `Backup ${id} cannot be used: ${err instanceof NotOwnFileError ? err.message : `"${p}" ${causeWords(err)}`}.`);
    });
  }
  return { record, path };
}
