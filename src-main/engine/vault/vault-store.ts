import type { BackupRecord } from '../../../shared/vault.js';
import type { Logger } from '../../base/logger.js';
import { BACKUP_LOG_NAME } from './backup-log-format.js';
import { keepDamagedAside, readBackupLog, writeBackupLog } from './backup-log.js';
import { reconcileBackupLog } from './backup-log-reconcile.js';
import { recordFromFolder, scanBackupFolders } from './backup-folders.js';
import { errnoWords } from '../errors.js';
import { folderLockHolder } from './folder-lock.js';
import { futureDated, futureDatedMessage } from './run-order.js';
import { settleStaleRecord } from './stale-record.js';

export interface LoadVaultOptions {
  clock?: () => Date;
  logger?: Logger;
  /** The caller holds the folder lock, so a repaired BACKUP.LOG may be written without checking it. */
  locked?: boolean;
}

export interface VaultState {
  /** One row per backup folder on disk, oldest first. */
  records: BackupRecord[];
  /** BACKUP.LOG lines that could not be read; kept aside in `damagedFile` once written back. */
  damaged: { line: string; reason: string }[];
  damagedFile: string | null;
  /** True when BACKUP.LOG was missing (or had no readable line) and was rebuilt from the folders. */
  rebuilt: boolean;
  /** What was repaired, in words (also sent to the logger). */
  messages: string[];
  /** True when the repaired BACKUP.LOG was written; false when another process holds the folder. */
  written: boolean;
}

/**
 * BACKUP.LOG made to agree with the folders on disk: damaged lines kept aside and reported,
 * folders without a line rebuilt from MANIFEST.json and HB.LOG (found on disk), lines without
 * a folder dropped. The repaired log is written back atomically unless another process holds the folder.
 */
export async function loadVault(hotBackupFolder: string, opts: LoadVaultOptions = {}): Promise<VaultState> {
  const clock = opts.clock ?? (() => new Date());
  const log = await readBackupLog(hotBackupFolder);
  const onDisk = await scanBackupFolders(hotBackupFolder);
  const rec = reconcileBackupLog(log.records, onDisk);
  const messages: string[] = [];
  const rebuilt = (log.missing || (log.records.length === 0 && log.damaged.length > 0)) && onDisk.length > 0;
  if (log.notOwn) messages.push(`${log.notOwn}; ${BACKUP_LOG_NAME} is rebuilt from the backup folders`);
  if (log.missing && onDisk.length > 0) messages.push(`${BACKUP_LOG_NAME} was missing: rebuilt it from ${onDisk.length} backup folder(s)`);
  if (log.damaged.length > 0) messages.push(`${BACKUP_LOG_NAME} had ${log.damaged.length} damaged line(s): ${log.damaged.map((d) => d.reason).slice(0, 3).join('; ')}`);
  for (const d of rec.dropped) messages.push(`${BACKUP_LOG_NAME} listed ${d.id} in ${d.folder}/ but no such folder exists: line dropped`);
  for (const m of rec.relocated) messages.push(`${m.id} is in ${m.to}/, not ${m.from}/ as ${BACKUP_LOG_NAME} said: line corrected`);
  for (const id of rec.duplicates) messages.push(`${BACKUP_LOG_NAME} had more than one line for ${id}: kept the last`);
  const found: BackupRecord[] = [];
  for (const f of rec.unlisted) {
    found.push(await recordFromFolder(hotBackupFolder, f));
    if (!log.missing) messages.push(`${f.folder}/${f.id} had no ${BACKUP_LOG_NAME} line: added from the folder (found on disk)`);
  }
  let records = [...rec.records, ...found].sort((a, b) => a.id.localeCompare(b.id));
  const stale = records.some((r) => r.result === 'In Progress');
  const holder = (messages.length > 0 || stale) && !opts.locked ? await folderLockHolder(hotBackupFolder) : null;
  if (stale && !holder && !opts.locked) {
    // No process is writing in the folder, so no line can be In Progress for real (killed, or its
    // process could not rewrite BACKUP.LOG on a full drive): list it as what it is.
    records = await Promise.all(
      records.map(async (r) => {
        if (r.result !== 'In Progress') return r;
        const settled = (await settleStaleRecord(hotBackupFolder, r)).record;
        messages.push(`${r.id}: its process ended before BACKUP.LOG recorded the result; listed as ${settled.result}${settled.result === 'Failed' ? ` (${settled.error})` : ''}`);
        return settled;
      }),
    );
  }
  const changed = messages.length > 0;

  let written = false;
  let damagedFile: string | null = null;
  // Only when something was repaired: a line In Progress while its run holds the folder is the run itself.
  if (holder && changed) messages.push(`the repaired ${BACKUP_LOG_NAME} is not written yet: process ${holder.pid} (${holder.purpose}) is writing in the folder; a later listing writes it`);
  if (changed && !holder) {
    try {
      // Damaged lines are kept aside first; if that cannot be written, neither is the log that leaves them out.
      if (log.damaged.length > 0) {
        damagedFile = await keepDamagedAside(hotBackupFolder, log.damaged, clock());
        messages.push(`damaged lines kept in ${damagedFile}`);
      }
      await writeBackupLog(hotBackupFolder, records);
      written = true;
    } catch (err) {
      // A full or read-only drive: the listing is still right; the next listing or run writes it.
      messages.push(`the repaired ${BACKUP_LOG_NAME} could not be written (${errnoWords(err)}); a later listing writes it`);
    }
  }
  // Flagged on every listing (not a repair: nothing is rewritten for it).
  for (const r of futureDated(records, clock())) messages.push(futureDatedMessage(r, clock()));
  for (const m of messages) opts.logger?.warn(`HotBackup folder ${hotBackupFolder}: ${m}`);
  return { records, damaged: log.damaged, damagedFile, rebuilt, messages, written };
}
