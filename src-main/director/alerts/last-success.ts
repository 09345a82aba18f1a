import { readBackupLog } from '../../engine/vault/backup-log.js';

export interface LastSuccess {
  /** When it ended (ISO-8601 local time with offset). */
  at: string;
  id: string | null;
}

/**
 * The newest successful backup, from BACKUP.LOG (retention never deletes the newest good
 * backup, so its line is there). Throws when BACKUP.LOG cannot be read (a NAS gone): the
 * caller then keeps the last success it saw. The run history replaces this source once it lands.
 */
export async function lastSuccessFromBackupLog(hotBackupFolder: string): Promise<LastSuccess | null> {
  const { records } = await readBackupLog(hotBackupFolder);
  let best: LastSuccess | null = null;
  for (const r of records) {
    if (r.result !== 'Succeeded' || !r.ended) continue;
    if (!best || Date.parse(r.ended) > Date.parse(best.at)) best = { at: r.ended, id: r.id };
  }
  return best;
}
