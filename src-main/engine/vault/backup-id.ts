import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { HotBackupError } from '../../../shared/result.js';
import { BACKUP_ID_PATTERN } from '../../../shared/vault.js';
import { readBackupLog } from './backup-log.js';

export const BACKUP_SUBFOLDERS = ['Recent', 'Archive', 'Failed'] as const;
export const MAX_RUNS_PER_DAY = 99;

const two = (n: number) => String(n).padStart(2, '0');

/** YYMMDD of the local date: the first six digits of every ID made that day. */
export function backupIdPrefix(date: Date): string {
  return `${two(date.getFullYear() % 100)}${two(date.getMonth() + 1)}${two(date.getDate())}`;
}

/** The next free ID of the day: one above the highest taken today (IDs never go back). */
export function nextBackupId(date: Date, taken: Iterable<string>): string {
  const prefix = backupIdPrefix(date);
  let highest = 0;
  for (const id of taken) {
    if (id.length === 8 && id.startsWith(prefix) && BACKUP_ID_PATTERN.test(id)) {
      highest = Math.max(highest, Number(id.slice(6)));
    }
  }
  if (highest >= MAX_RUNS_PER_DAY) {
    throw new HotBackupError(
      'CONFLICT',
      `No HotBackup ID left for today: ${prefix}01 to ${prefix}99 are all used. ` +
        'Delete some of today\'s backups in the Vault, or run the backup again tomorrow.',
    );
  }
  return `${prefix}${two(highest + 1)}`;
}

/** Every ID present in Recent/, Archive/, Failed/ or BACKUP.LOG. */
export async function takenBackupIds(hotBackupFolder: string): Promise<Set<string>> {
  const taken = new Set<string>();
  for (const sub of BACKUP_SUBFOLDERS) {
    try {
      for (const name of await readdir(join(hotBackupFolder, sub))) taken.add(name);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  const log = await readBackupLog(hotBackupFolder);
  for (const r of log.records) taken.add(r.id);
  return taken;
}
