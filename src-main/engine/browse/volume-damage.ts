import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Manifest } from '../manifest/manifest.js';

// Damage a Browse view can show without reading a backup: volumes missing or of the wrong size,
// and which entries lie in which volumes (so a restore of the others is known to work).

/** "BACKUP.003 is missing", "BACKUP.002: SHA-256 does not match …". */
export const volumeProblemText = (v: VolumeProblem): string => (v.problem === 'missing' ? `${v.name} is missing` : `${v.name}: ${v.problem}`);

export interface VolumeProblem {
  name: string;
  problem: string;
}

/** Volumes missing or not the size MANIFEST.json records (one stat each); problems worded as verify words them. */
export async function volumeProblems(dir: string, manifest: { volumes: readonly { name: string; size: number }[] }): Promise<VolumeProblem[]> {
  const out: VolumeProblem[] = [];
  for (const v of manifest.volumes) {
    const st = await stat(join(dir, v.name)).catch((err: NodeJS.ErrnoException) => err);
    if (st instanceof Error) out.push({ name: v.name, problem: st.code === 'ENOENT' ? 'missing' : `cannot be read (${st.code ?? st.message})` });
    else if (!st.isFile()) out.push({ name: v.name, problem: 'not a file' });
    else if (st.size !== v.size) out.push({ name: v.name, problem: `size is ${st.size} bytes, the manifest says ${v.size}` });
  }
  return out;
}

/** The last index k with key(k) <= pos (0 when none is). */
function lastAtOrBefore(n: number, key: (k: number) => number, pos: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (key(mid) <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * For each entry, the range of volumes (0-based, inclusive) its bytes lie in: exact with entry
 * offsets (through the gzip member index when compressed); every volume when the backup has no
 * offsets or is one gzip stream (format 1), since reading an entry may need all the bytes before it.
 */
export function entryVolumeRanges(manifest: Manifest): (i: number) => [number, number] {
  return volumeRangesByOffset(manifest, (i) => manifest.entries[i]?.offset);
}

/** The same from the manifest's head and each entry's offset (`offsetOf(i)`: undefined past the last one or without offsets). */
export function volumeRangesByOffset(manifest: Pick<Manifest, 'volumes' | 'members' | 'settings' | 'totals'>, offsetOf: (i: number) => number | undefined): (i: number) => [number, number] {
  const n = manifest.volumes.length;
  const everything: [number, number] = [0, Math.max(0, n - 1)];
  const starts: number[] = [];
  let at = 0;
  for (const v of manifest.volumes) {
    starts.push(at);
    at += v.size;
  }
  const ms = manifest.members ?? [];
  const gzip = manifest.settings.compression === 'gzip';
  if (n === 0 || (gzip && ms.length === 0)) return () => everything;
  const tarEnd = manifest.totals?.tarBytes;
  return (i) => {
    const start = offsetOf(i);
    if (typeof start !== 'number') return everything;
    const end = Math.max(start + 1, offsetOf(i + 1) ?? tarEnd ?? start + 1);
    if (!gzip) return [lastAtOrBefore(n, (k) => starts[k] as number, start), lastAtOrBefore(n, (k) => starts[k] as number, end - 1)];
    const k = lastAtOrBefore(ms.length, (x) => ms[x]?.tar ?? 0, start);
    const j = lastAtOrBefore(ms.length, (x) => ms[x]?.tar ?? 0, end - 1);
    const first = (ms[k]?.volume ?? 1) - 1;
    // A member's bytes run up to where the next one starts (or to the end of the last volume).
    const next = ms[j + 1];
    const last = next ? (next.offset === 0 ? next.volume - 2 : next.volume - 1) : n - 1;
    return [first, Math.max(first, last)];
  };
}
