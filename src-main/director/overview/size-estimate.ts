import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { excludeMatcher } from '../../engine/index.js';

// Before the first backup the Overview compares free space with an estimate: the size of the
// files in the data directories (exclude patterns applied), from a quick walk — lstat only,
// nothing opened — kept for a while so that every Overview refresh does not walk again.

export interface SizeEstimate {
  bytes: number;
  files: number;
  /** false: the walk stopped at its entry limit, so `bytes` is a lower bound. */
  complete: boolean;
}

/** Entries looked at before a walk stops (the estimate is then "at least"). */
export const ESTIMATE_ENTRY_LIMIT = 200_000;
/** How long an estimate is kept for the same data directories. */
export const ESTIMATE_KEEP_MS = 10 * 60_000;

/** The files under `dirs` (their excludes applied), summed; unreadable folders are skipped. */
export async function estimateDataSize(dirs: readonly { path: string; exclude: readonly string[] }[], limit = ESTIMATE_ENTRY_LIMIT): Promise<SizeEstimate> {
  const est: SizeEstimate = { bytes: 0, files: 0, complete: true };
  let seen = 0;
  for (const d of dirs) {
    const excluded = excludeMatcher(d.exclude);
    const folders: string[] = [''];
    while (folders.length > 0) {
      const rel = folders.pop() as string;
      const names = await readdir(join(d.path, rel), { withFileTypes: true }).catch(() => []);
      for (const e of names) {
        if (++seen > limit) return { ...est, complete: false };
        const r = rel ? `${rel}/${e.name}` : e.name;
        if (excluded(r)) continue;
        if (e.isDirectory()) folders.push(r);
        else if (e.isFile()) {
          const s = await lstat(join(d.path, r)).catch(() => null);
          if (s) {
            est.bytes += s.size;
            est.files++;
          }
        }
      }
    }
  }
  return est;
}

/** One estimate per set of data directories, kept `keepMs`; callers at the same time share one walk. */
export function sizeEstimator(clock: () => Date, walk = estimateDataSize, keepMs = ESTIMATE_KEEP_MS) {
  let kept: { key: string; at: number; value: Promise<SizeEstimate> } | null = null;
  return (dirs: readonly { path: string; exclude: readonly string[] }[]): Promise<SizeEstimate> => {
    const key = JSON.stringify(dirs.map((d) => [d.path, d.exclude]));
    const now = clock().getTime();
    if (!kept || kept.key !== key || now - kept.at > keepMs) {
      const value = walk(dirs);
      kept = { key, at: now, value };
      value.catch(() => (kept = null));
    }
    return kept.value;
  };
}
