import { byteKey, textKey } from '../fs/raw-names.js';
import { entryLinkBytes, entryPathBytes, type Manifest, type ManifestEntry } from '../manifest/manifest.js';
import { BLOCK } from '../tar/tar-header.js';
import { Pacer } from '../plan/glob-match.js';
import { entryProblem, normalizeEntryPath, pacedSelectionMatcher } from './restore-checks.js';

// What a restore will bring back, decided from MANIFEST.json alone before anything is read or
// written. Paths are byte strings (raw-names.ts): a name that is not UTF-8 is matched and restored exactly.

export interface RestoreItem {
  m: ManifestEntry;
  /** The archive path as a byte string. */
  key: string;
  /** Where its content goes (relative, byte string): its own path, or, for the file a selected hard link points to, that link's path. */
  dest: string;
  /** Tar range of the entry: [start, end); null for format 1 manifests without offsets. */
  start: number | null;
  end: number | null;
  /** Restored only to give a selected hard link its content. */
  carrier: boolean;
  /** Hard links: the destination (byte string) of the file they link to. */
  linkDest?: string;
}

export interface RestoreSelection {
  items: RestoreItem[];
  /** Why the restore must not write anything (entries that would land outside the folder). */
  problems: string[];
  /** Every entry's tar offset, sorted (where reading can start again after damage); empty without offsets. */
  offsets: number[];
  tarEnd: number | null;
  symlinkKeys: Set<string>;
}

const tarKind = (m: ManifestEntry) => (m.hardlink ? 'Link' : m.kind === 'directory' ? 'Directory' : m.kind === 'symlink' ? 'SymbolicLink' : 'File');

/** Work counted per manifest entry (a few microseconds each): the event loop gets a turn every few hundred. */
const ENTRY_WORK = 64;

/**
 * Decided in slices: on a manifest of a million entries and many-star globs the Director's event
 * loop gets a turn every few milliseconds of work (`pacer.turns` counts them).
 */
export async function selectForRestore(manifest: Manifest, globs: readonly string[], pacer = new Pacer(), exact: readonly Buffer[] = []): Promise<RestoreSelection> {
  const all = manifest.entries;
  const keys: string[] = [];
  const norm: string[] = [];
  const byKey = new Map<string, number>();
  const symlinkKeys = new Set<string>();
  const recorded = new Map<string, string>();
  let hasOffsets = true;
  for (const [i, m] of all.entries()) {
    const k = byteKey(entryPathBytes(m));
    const n = normalizeEntryPath(k);
    const key = 'path' in n ? n.path : k;
    keys.push(k);
    norm.push(key);
    byKey.set(k, i);
    if (m.kind === 'symlink') {
      symlinkKeys.add(key);
      if (m.linkTarget) recorded.set(key, byteKey(entryLinkBytes(m)));
    }
    if (typeof m.offset !== 'number') hasOffsets = false;
    const wait = pacer.add(ENTRY_WORK);
    if (wait) await wait;
  }
  const tarEnd = typeof manifest.totals?.tarBytes === 'number' ? manifest.totals.tarBytes - 2 * BLOCK : null;
  const range = (i: number): [number | null, number | null] =>
    hasOffsets ? [all[i]?.offset as number, i + 1 < all.length ? (all[i + 1]?.offset as number) : tarEnd] : [null, null];
  const byGlob = exact.length > 0 && globs.length === 0 ? () => false : await pacedSelectionMatcher(globs.map(textKey), pacer);
  const inExact = exactMatcher(exact);
  const chosen = (key: string, raw: string) => inExact(raw) || inExact(key) || byGlob(key);
  const items = new Map<number, RestoreItem>();
  const problems: string[] = [];
  for (const [i, m] of all.entries()) {
    const key = norm[i] as string;
    const wait = pacer.add(ENTRY_WORK);
    if (wait) await wait;
    const picked = chosen(key, keys[i] as string);
    if (!(typeof picked === 'boolean' ? picked : await picked)) continue;
    const problem = entryProblem({ path: keys[i] as string, type: tarKind(m), linkpath: m.kind === 'file' && !m.hardlink ? undefined : byteKey(entryLinkBytes(m)) }, symlinkKeys, recorded);
    if (problem) problems.push(Buffer.from(problem, 'latin1').toString('utf8'));
    const [start, end] = range(i);
    items.set(i, { m, key, dest: key, start, end, carrier: false });
  }
  // A hard link whose file is not selected: that file's content is restored under the link's name.
  // In entry order, without a sort: a carrier is only ever added before the entry being looked at.
  const contentAt = new Map<number, string>();
  for (let i = 0; i < all.length; i++) {
    const wait = pacer.add(ENTRY_WORK);
    if (wait) await wait;
    const item = items.get(i);
    if (!item) continue;
    if (!item.m.hardlink) {
      contentAt.set(i, item.dest);
      continue;
    }
    const t = byKey.get(byteKey(entryLinkBytes(item.m)));
    if (t === undefined || t >= i) {
      problems.push(`hard link "${item.m.path}" points to "${item.m.linkTarget}", which is not an earlier entry of the archive`);
      continue;
    }
    const target = all[t] as ManifestEntry;
    if ((target.kind !== 'file' && target.kind !== 'sqlite') || target.hardlink) {
      problems.push(`hard link "${item.m.path}" points to "${item.m.linkTarget}", which is a ${target.hardlink ? 'hard link' : target.kind}, not a file`);
      continue;
    }
    const at = contentAt.get(t);
    if (at !== undefined) {
      item.linkDest = at;
      continue;
    }
    const [start, end] = range(t);
    items.set(t, { m: all[t] as ManifestEntry, key: norm[t] as string, dest: item.dest, start, end, carrier: true });
    contentAt.set(t, item.dest);
    items.delete(i);
  }
  const inOrder: RestoreItem[] = [];
  for (let i = 0; i < all.length; i++) {
    const it = items.get(i);
    if (it) inOrder.push(it);
    const wait = pacer.add(ENTRY_WORK / 4);
    if (wait) await wait;
  }
  return { items: inOrder, problems, offsets: hasOffsets ? await sortedOffsets(all, pacer) : [], tarEnd, symlinkKeys };
}

/** Exact archive paths (Browse's ticks): the entry itself, or anything below a chosen folder. No globs: a `*` in a name is a `*`. */
export function exactMatcher(exact: readonly Buffer[]): (key: string) => boolean {
  const wanted = new Set(exact.map(byteKey));
  if (wanted.size === 0) return () => false;
  return (key) => {
    if (wanted.has(key)) return true;
    for (let at = key.indexOf('/'); at > 0; at = key.indexOf('/', at + 1)) if (wanted.has(key.slice(0, at))) return true;
    return false;
  };
}

/**
 * Every entry's offset in ascending order. What HotBackup writes is ascending already (checked in
 * slices); any other order is merge-sorted in slices too, never one long sort on the event loop.
 */
async function sortedOffsets(all: readonly ManifestEntry[], pacer: Pacer): Promise<number[]> {
  let a = all.map((m) => m.offset as number);
  let sorted = true;
  for (let i = 1; i < a.length && sorted; i++) {
    sorted = (a[i - 1] as number) <= (a[i] as number);
    const wait = pacer.add(4);
    if (wait) await wait;
  }
  if (sorted) return a;
  let b = new Array<number>(a.length);
  for (let width = 1; width < a.length; width *= 2) {
    for (let lo = 0; lo < a.length; lo += 2 * width) {
      const mid = Math.min(lo + width, a.length);
      const hi = Math.min(lo + 2 * width, a.length);
      let [i, j, k] = [lo, mid, lo];
      while (i < mid && j < hi) b[k++] = (a[i] as number) <= (a[j] as number) ? (a[i++] as number) : (a[j++] as number);
      while (i < mid) b[k++] = a[i++] as number;
      while (j < hi) b[k++] = a[j++] as number;
      const wait = pacer.add(2 * width * 4);
      if (wait) await wait;
    }
    [a, b] = [b, a];
  }
  return a;
}

/** Runs of selected entries read in one go (a gap shorter than `joinGap` is read through rather than sought over). */
export function readSpans(items: readonly RestoreItem[], joinGap: number): { from: number; to: number }[] {
  const spans: { from: number; to: number }[] = [];
  for (const it of items) {
    if (it.start === null || it.end === null) return [{ from: 0, to: Number.MAX_SAFE_INTEGER }];
    const last = spans[spans.length - 1];
    if (last && it.start - last.to <= joinGap) last.to = Math.max(last.to, it.end);
    else spans.push({ from: it.start, to: it.end });
  }
  return spans;
}
