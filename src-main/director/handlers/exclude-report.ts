import type { Handlers } from '../../../shared/contract.js';
import { EXCLUDE_UNMATCHED_CODE, parseUnmatchedExclude, type ExcludeReport, type UnmatchedExclude } from '../../../shared/exclude-report.js';
import { findBackup, readBackupLog, readHbLog } from '../../engine/index.js';
import type { DirectorServices } from '../services.js';

const none: ExcludeReport = { id: null, started: null, unmatched: [] };

/**
 * The exclude patterns the newest successful backup's walk found matching nothing (its HB.LOG
 * lines HB_EXCLUDE_UNMATCHED): no walk of its own, so asking costs one BACKUP.LOG and one HB.LOG read.
 */
export const excludeReportHandlers = (d: DirectorServices): Pick<Handlers, 'settings.excludeReport'> => ({
  'settings.excludeReport': async () => {
    const folder = d.settings.get().folder.path;
    const { records } = await readBackupLog(folder).catch(() => ({ records: [] }));
    const newest = records.filter((r) => r.result === 'Succeeded').sort((a, b) => b.id.localeCompare(a.id))[0];
    if (!newest) return none;
    try {
      const { path } = await findBackup(folder, newest.id);
      const log = await readHbLog(path);
      if (!log) return none;
      const unmatched = log.filter((l) => l.code === EXCLUDE_UNMATCHED_CODE).map((l) => parseUnmatchedExclude(l.detail)).filter((u): u is UnmatchedExclude => u !== null);
      return { id: newest.id, started: newest.started, unmatched };
    } catch (err) {
      // Only a hint for the editor: a backup that cannot be read now gives none, the Vault says why.
      d.logger.warn(`the exclude check of backup ${newest.id} could not be read: ${(err as Error).message}`);
      return none;
    }
  },
});
