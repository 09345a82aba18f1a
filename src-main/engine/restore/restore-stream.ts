import { entryLinkBytes, entryPathBytes, type ManifestEntry } from '../manifest/manifest.js';
import type { ManifestReader } from '../manifest/manifest-reader.js';
import { byteKey, textKey } from '../fs/raw-names.js';
import type { Pacer } from '../plan/glob-match.js';
import { BLOCK } from '../tar/tar-header.js';
import { entryProblem, normalizeEntryPath, pacedSelectionMatcher } from './restore-checks.js';
import { exactMatcher, type RestoreItem } from './restore-plan.js';

// A restore decided from MANIFEST.json without holding its entries (issue 16, flat memory): what
// HotBackup writes lists entries in tar order with ascending offsets, so the selection is kept as
// one byte per entry and the offsets in one Float64Array (9 bytes an entry), and extraction pulls
// the selected entries from the file again, in step with the tar. Only what is rare is kept as
// objects: symbolic links (every restore checks paths against all of them), the files hard links
// point to, and the problems found. Manifests laid out otherwise go through restore-plan.ts.

const tarKind = (m: ManifestEntry) => (m.hardlink ? 'Link' : m.kind === 'directory' ? 'Directory' : m.kind === 'symlink' ? 'SymbolicLink' : 'File');
const holdsBytes = (m: ManifestEntry) => m.kind === 'file' || m.kind === 'sqlite';

/** A restore of every entry, judged in the checking pass: what `selectStreamed` would find. */
interface WholeSelection {
  problems: string[];
  bytes: number;
  room: number;
}

const NO_LINKS: ReadonlySet<string> = new Set();

/** What the checking pass notes of every entry (`ReadOptions.visit`). */
export class ManifestNotes {
  offsets = new Float64Array(1024);
  count = 0;
  /** Normalized paths of every symbolic link, and the targets the backup recorded for them. */
  readonly symlinkKeys = new Set<string>();
  readonly recorded = new Map<string, string>();
  /** Raw paths that some hard link points to. */
  readonly linkedTo = new Set<string>();
  /**
   * `wholeRestore`: every entry is to be restored, so each is judged as it is checked (one parse of
   * the manifest fewer: about a microsecond a line). Only a backup without symbolic or hard links
   * is judged so (a link met later could change an earlier verdict); null once one is met.
   */
  whole: WholeSelection | null;

  constructor(wholeRestore = false) {
    this.whole = wholeRestore ? { problems: [], bytes: 0, room: 0 } : null;
  }

  readonly visit = (m: ManifestEntry, i: number): void => {
    if (i >= this.offsets.length) {
      const grown = new Float64Array(this.offsets.length * 2);
      grown.set(this.offsets);
      this.offsets = grown;
    }
    this.offsets[i] = typeof m.offset === 'number' ? m.offset : NaN;
    this.count = i + 1;
    if (this.whole) {
      if (m.kind === 'symlink' || m.hardlink) this.whole = null;
      else {
        // As selectStreamed judges an entry, with no link in the backup.
        const problem = entryProblem({ path: byteKey(entryPathBytes(m)), type: tarKind(m), linkpath: m.kind === 'file' ? undefined : byteKey(entryLinkBytes(m)) }, NO_LINKS);
        if (problem) this.whole.problems.push(Buffer.from(problem, 'latin1').toString('utf8'));
        if (holdsBytes(m)) this.whole.bytes += m.size;
        this.whole.room += roomOf(m);
      }
    }
    if (m.kind === 'symlink') {
      const n = normalizeEntryPath(byteKey(entryPathBytes(m)));
      const key = 'path' in n ? n.path : byteKey(entryPathBytes(m));
      this.symlinkKeys.add(key);
      if (m.linkTarget) this.recorded.set(key, byteKey(entryLinkBytes(m)));
    }
    if (m.hardlink) this.linkedTo.add(byteKey(entryLinkBytes(m)));
  };
}

/** Selection flags: not restored, restored as listed, restored only to give a selected hard link its content. */
export const NOT = 0;
export const PICKED = 1;
export const CARRIER = 2;

export interface StreamedSelection {
  /** Per entry: NOT, PICKED or CARRIER. */
  flags: Uint8Array;
  /** Per entry: its tar offset (ascending). */
  offsets: Float64Array;
  tarEnd: number | null;
  /** Carriers: the destination (a selected hard link's path). */
  carrierDest: Map<number, string>;
  /** Selected hard links: the destination of the file they link to. */
  linkDest: Map<number, string>;
  problems: string[];
  items: number;
  /** File bytes the selection holds. */
  bytes: number;
  /** Disk it takes once restored, about (roomOf). */
  room: number;
}

const ENTRY_WORK = 64;
const BLOCK_ROOM = 4096;

/**
 * Disk a restored entry takes, about: its content rounded up to 4 KiB blocks, a folder one block;
 * a hard link, a symbolic link and a sparse file's holes none (a sparse file's data is not listed
 * apart from its size, so it counts as none rather than refusing a restore that fits).
 */
export function roomOf(m: ManifestEntry): number {
  if (m.kind === 'directory') return BLOCK_ROOM;
  if (!holdsBytes(m) || m.hardlink || m.sparse) return 0;
  return Math.ceil(m.size / BLOCK_ROOM) * BLOCK_ROOM;
}

/** The selection, in one more pass over the manifest's lines (paced: the Director answers meanwhile). */
export async function selectStreamed(reader: ManifestReader, notes: ManifestNotes, pick: { globs: readonly string[]; exact: readonly Buffer[] }, tarBytes: number | undefined, pacer: Pacer): Promise<StreamedSelection> {
  const count = notes.count;
  const flags = new Uint8Array(count);
  const tarEnd = typeof tarBytes === 'number' ? tarBytes - 2 * BLOCK : null;
  if (notes.whole && pick.globs.length === 0 && pick.exact.length === 0) {
    flags.fill(PICKED);
    const { problems, bytes, room } = notes.whole;
    return { flags, offsets: notes.offsets.subarray(0, count), tarEnd, carrierDest: new Map(), linkDest: new Map(), problems, items: count, bytes, room };
  }
  const carrierDest = new Map<number, string>();
  const linkDest = new Map<number, string>();
  const problems: string[] = [];
  /** Files hard links point to, as met: index, whether a file, and where its content goes (null: not restored). */
  const targets = new Map<string, { i: number; m: ManifestEntry; dest: string | null }>();
  // As restore-plan.ts: exact paths alone select nothing by glob; either kind may pick an entry.
  const byGlob = pick.exact.length > 0 && pick.globs.length === 0 ? () => false : await pacedSelectionMatcher(pick.globs.map(textKey), pacer);
  const inExact = exactMatcher(pick.exact);
  let items = 0;
  let bytes = 0;
  let room = 0;
  let i = 0;
  for (const m of reader.entries()) {
    const wait = pacer.add(ENTRY_WORK);
    if (wait) await wait;
    const k = byteKey(entryPathBytes(m));
    const n = normalizeEntryPath(k);
    const key = 'path' in n ? n.path : k;
    const got = inExact(k) || inExact(key) || byGlob(key);
    const picked = typeof got === 'boolean' ? got : await got;
    if (picked) {
      const problem = entryProblem({ path: k, type: tarKind(m), linkpath: m.kind === 'file' && !m.hardlink ? undefined : byteKey(entryLinkBytes(m)) }, notes.symlinkKeys, notes.recorded);
      if (problem) problems.push(Buffer.from(problem, 'latin1').toString('utf8'));
      flags[i] = PICKED;
      items++;
      if (holdsBytes(m) && !m.hardlink) bytes += m.size;
      room += roomOf(m);
      if (m.hardlink) {
        const t = targets.get(byteKey(entryLinkBytes(m)));
        if (!t) problems.push(`hard link "${m.path}" points to "${m.linkTarget}", which is not an earlier entry of the archive`);
        else if (!holdsBytes(t.m) || t.m.hardlink) problems.push(`hard link "${m.path}" points to "${m.linkTarget}", which is a ${t.m.hardlink ? 'hard link' : t.m.kind}, not a file`);
        else if (t.dest !== null) linkDest.set(i, t.dest);
        else {
          // Its file is not selected: that file's content is restored under the link's name.
          flags[t.i] = CARRIER;
          bytes += t.m.size;
          room += roomOf(t.m);
          carrierDest.set(t.i, key);
          t.dest = key;
          flags[i] = NOT;
        }
      }
    }
    if (notes.linkedTo.has(k)) targets.set(k, { i, m, dest: picked && !m.hardlink ? key : null });
    i++;
  }
  return { flags, offsets: notes.offsets.subarray(0, count), tarEnd, carrierDest, linkDest, problems, items, bytes, room };
}

/** Runs of selected entries read in one go (a gap shorter than `joinGap` is read through rather than sought over). */
export function streamedSpans(s: StreamedSelection, joinGap: number): { from: number; to: number }[] {
  const spans: { from: number; to: number }[] = [];
  const n = s.flags.length;
  for (let i = 0; i < n; i++) {
    if (s.flags[i] === NOT) continue;
    const start = s.offsets[i] as number;
    const end = i + 1 < n ? (s.offsets[i + 1] as number) : (s.tarEnd ?? Number.MAX_SAFE_INTEGER);
    const last = spans[spans.length - 1];
    if (last && start - last.to <= joinGap) last.to = Math.max(last.to, end);
    else spans.push({ from: start, to: end });
  }
  return spans;
}

/** Selected entries met one at a time, pulled from the manifest in tar order as the tar is read. */
export interface ItemSource {
  /** The selected item whose tar entry starts at `offset` (its path `key`), or null. Items passed over go to `missed`. */
  at(offset: number, key: string): RestoreItem | null;
  /** Every selected item not met (call once, at the end). */
  finish(): void;
}

export function streamedItems(reader: ManifestReader, s: StreamedSelection, missed: (it: RestoreItem) => void): ItemSource {
  const n = s.flags.length;
  const gen = reader.picked((i) => s.flags[i] !== NOT);
  const next = (): RestoreItem | null => {
    const r = gen.next();
    if (r.done) return null;
    const { i, e: m } = r.value;
    const k = byteKey(entryPathBytes(m));
    const norm = normalizeEntryPath(k);
    const key = 'path' in norm ? norm.path : k;
    const carrier = s.flags[i] === CARRIER;
    const end = i + 1 < n ? (s.offsets[i + 1] as number) : s.tarEnd;
    return { m, key, dest: carrier ? (s.carrierDest.get(i) as string) : key, start: s.offsets[i] as number, end, carrier, linkDest: s.linkDest.get(i) };
  };
  let pending = next();
  return {
    at(offset) {
      while (pending && (pending.start as number) < offset) {
        missed(pending);
        pending = next();
      }
      if (!pending || pending.start !== offset) return null;
      const it = pending;
      pending = next();
      return it;
    },
    finish() {
      for (; pending; pending = next()) missed(pending);
    },
  };
}

/** The same for items held in memory (a manifest without ascending offsets: format 1, or written by hand). */
export function heldItems(items: readonly RestoreItem[], missed: (it: RestoreItem) => void): ItemSource {
  const byOffset = new Map<number, RestoreItem>();
  const byKey = new Map<string, RestoreItem>();
  for (const it of items) {
    if (it.start !== null) byOffset.set(it.start, it);
    else byKey.set(it.key, it);
  }
  const met = new Set<RestoreItem>();
  return {
    at(offset, key) {
      const it = offset >= 0 && byOffset.size ? byOffset.get(offset) : byKey.get(key.replace(/^\.\//, ''));
      if (!it || met.has(it)) return null;
      met.add(it);
      return it;
    },
    finish() {
      for (const it of items) if (!met.has(it)) missed(it);
    },
  };
}
