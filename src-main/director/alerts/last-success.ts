import { readFile } from 'node:fs/promises';
import { readBackupLog } from '../../engine/index.js';
import { foldHistory, parseHistory } from '../history/history-format.js';
import { historyFile } from '../history/history-store.js';

export interface LastSuccess {
  /** When it ended (ISO-8601 local time with offset). */
  at: string;
  id: string | null;
}

const newer = (a: LastSuccess | null, b: LastSuccess | null): LastSuccess | null =>
  !a ? b : !b ? a : Date.parse(b.at) > Date.parse(a.at) ? b : a;

/**
 * The newest successful attempt in the run history (config directory: readable even when the
 * HotBackup folder is not). Read only: damaged lines are left for `history.list` to repair.
 */
export async function lastSuccessFromHistory(configDir: string): Promise<LastSuccess | null> {
  let text = '';
  try {
    text = await readFile(historyFile(configDir), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  let best: LastSuccess | null = null;
  for (const e of foldHistory(parseHistory(text).lines)) {
    if (e.result === 'Succeeded' && e.endedAt) best = newer(best, { at: e.endedAt, id: e.id });
  }
  return best;
}

/** The newest `Succeeded` line of BACKUP.LOG (retention never deletes the newest good backup). */
export async function lastSuccessFromBackupLog(hotBackupFolder: string): Promise<LastSuccess | null> {
  const { records } = await readBackupLog(hotBackupFolder);
  let best: LastSuccess | null = null;
  for (const r of records) {
    if (r.result === 'Succeeded' && r.ended) best = newer(best, { at: r.ended, id: r.id });
  }
  return best;
}

/**
 * The last successful backup: from the run history, and from BACKUP.LOG for backups made
 * before the history existed. Throws only when neither can be read (the caller then keeps
 * the last success it saw).
 */
export async function lastSuccessfulBackup(configDir: string, hotBackupFolder: string): Promise<LastSuccess | null> {
  const [history, log] = await Promise.allSettled([lastSuccessFromHistory(configDir), lastSuccessFromBackupLog(hotBackupFolder)]);
  if (history.status === 'rejected' && log.status === 'rejected') throw history.reason;
  return newer(history.status === 'fulfilled' ? history.value : null, log.status === 'fulfilled' ? log.value : null);
}
