import { stat } from 'node:fs/promises';
import { HotBackupError } from '../../../shared/result.js';
import { carryOut } from './backup-removal.js';
import { withFolderLock } from '../vault/folder-lock.js';
import { decideDelete } from './retention-decision.js';
import type { Logger } from '../../base/logger.js';
import { loadVault } from '../vault/vault-store.js';

/**
 * An admin deletes one backup from the Vault. Deleting a successful backup also deletes the
 * failed backups older than it. Returns every ID removed, the asked-for one first.
 */
export async function deleteBackup(hotBackupFolder: string, id: string, logger?: Logger): Promise<string[]> {
  const isDir = await stat(hotBackupFolder).then((s) => s.isDirectory(), () => false);
  if (!isDir) throw new HotBackupError('NOT_FOUND', `The HotBackup folder ${hotBackupFolder} does not exist, so there is no backup ${id} to delete.`);
  return withFolderLock(hotBackupFolder, `deleting backup ${id}`, async () => {
    const state = await loadVault(hotBackupFolder, { locked: true, logger });
    const target = state.records.find((r) => r.id === id);
    if (target?.result === 'In Progress') {
      throw new HotBackupError('CONFLICT', `Backup ${id} is still In Progress: wait for the run to end, then delete it.`);
    }
    const deletes = decideDelete(state.records, id);
    if (!deletes) {
      throw new HotBackupError('NOT_FOUND', `There is no backup ${id} in ${hotBackupFolder}. "hotbackup list" shows the IDs there.`);
    }
    await carryOut(hotBackupFolder, state.records, { moves: [], deletes }, undefined, logger);
    return deletes.map((d) => d.id);
  });
}
