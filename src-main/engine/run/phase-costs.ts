import { backupPath } from '../vault/backup-folders.js';
import { readBackupLog } from '../vault/backup-log.js';
import { readHbLog, type HbLogEntry } from '../vault/stored-hb-log.js';
import type { PhaseCosts } from './progress-estimate.js';

/**
 * Pure: how long each measured phase of a finished run took, from its HB.LOG markers (millisecond
 * times), and the bytes it backed up. Null when a marker is missing (an old or failed run).
 */
export function phaseCostsFromHbLog(lines: readonly HbLogEntry[]): PhaseCosts | null {
  const at = (code: string): number | null => {
    const line = lines.find((l) => l.code === code);
    const t = line ? Date.parse(line.time) : NaN;
    return Number.isFinite(t) ? t : null;
  };
  const span = (from: string, to: string): number | null => {
    const a = at(from);
    const b = at(to);
    return a === null || b === null || b < a ? null : b - a;
  };
  const bytes = Number(/\bbytes=(\d+)/.exec(lines.find((l) => l.code === 'HB_END_FILE_STATS')?.detail ?? '')?.[1] ?? NaN);
  const ms = {
    'Locking Files': span('HB_BEGIN_LOCK_FILES', 'HB_END_LOCK_FILES'),
    'Saving Files': span('HB_END_LOCK_FILES', 'HB_BEGIN_STREAM'),
    'Streaming Files': span('HB_BEGIN_STREAM', 'HB_END_STREAM'),
    'Validating Save': span('HB_BEGIN_VALIDATE', 'HB_END_VALIDATE'),
  };
  if (!Number.isFinite(bytes) || bytes <= 0 || Object.values(ms).some((x) => x === null)) return null;
  return { bytes, ms: ms as PhaseCosts['ms'] };
}

/** The newest successful backup's phase times (null: none yet, or its HB.LOG cannot tell). Never throws. */
export async function previousPhaseCosts(hotBackupFolder: string): Promise<PhaseCosts | null> {
  try {
    const { records } = await readBackupLog(hotBackupFolder);
    const last = records.filter((r) => r.result === 'Succeeded' && r.folder !== 'Failed').at(-1);
    if (!last) return null;
    const lines = await readHbLog(backupPath(hotBackupFolder, last.folder, last.id));
    return lines ? phaseCostsFromHbLog(lines) : null;
  } catch {
    return null;
  }
}
