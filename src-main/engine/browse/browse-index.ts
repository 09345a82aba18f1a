import { entryPathBytes, type Manifest, type ManifestEntry } from '../manifest/manifest.js';
import { byteKey, keyShown } from '../fs/raw-names.js';
import type { EntryKind } from '../plan/plan-types.js';
import { NodeStore } from './browse-store.js';

// A backup's entries as folders and names, built once from its manifest so that the Browse view
// can ask for one folder, one search, one page at a time. Folders the manifest does not list
// itself (a parent of a listed entry) are made up; a folder's size is that of every file below it.
// Paths are byte strings (raw-names.ts): two names that are not UTF-8 and read the same as text
// (both "caf\uFFFD.txt") stay two entries; each name is shown with such bytes escaped (shownName).

export interface BrowseNode {
  /** The name for people (shownName). */
  name: string;
  /** The archive path as a byte string (byteKey). */
  path: string;
  kind: EntryKind;
  size: number;
  mtime: string | null;
  /** Folders: indexes of the nodes directly inside. */
  children: number[] | null;
  /** Why this file cannot be restored; for a folder, how many files below it cannot. */
  damaged: string | null;
  /** Folders: files below (any depth) that cannot be restored. */
  damagedBelow: number;
  /** Folders: files below (any depth). */
  filesBelow: number;
}

/** The nodes by number: each one made as it is asked for (no object per entry is kept). */
export interface BrowseNodes extends Iterable<BrowseNode> {
  readonly length: number;
  readonly [i: number]: BrowseNode | undefined;
}

export interface BrowseIndex {
  nodes: BrowseNodes;
  /** Node number of an archive path (byte string). */
  byPath: { get(path: string): number | undefined; has(path: string): boolean };
  /** The compact nodes themselves (browse-store.ts). */
  store: NodeStore;
  /** The top-level folders (one per data directory). */
  top: number[];
  files: number;
  bytes: number;
  damagedFiles: number;
  /** Sorted listings already asked for (folder, order) → nodes, so the next page is not sorted again. */
  sorted: Map<string, BrowseNode[]>;
}

const isFile = (kind: EntryKind) => kind !== 'directory';


/** Entries handled between two yields to the event loop (a million-entry backup must not hold the Director). */
const SLICE = 5_000;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** `damagedOf(i)`: why manifest entry `i` cannot be restored, or null. */
export function buildBrowseIndex(manifest: Manifest, damagedOf: (i: number) => string | null = () => null): BrowseIndex {
  const steps = browseIndexSteps(manifest.entries, damagedOf);
  for (let r = steps.next(); ; r = steps.next()) if (r.done) return r.value;
}

/** The same, giving the event loop a turn every few thousand entries: other requests are answered meanwhile. */
export async function buildBrowseIndexInSlices(manifest: Manifest, damagedOf: (i: number) => string | null = () => null): Promise<BrowseIndex> {
  return buildBrowseIndexStreamed(manifest.entries, damagedOf);
}

/**
 * From entries read one at a time (ManifestReader.entries(): the manifest's entries are never
 * held, only the index), in slices. `damagedOf(i, e)` is asked while entry `i` is at hand.
 */
export async function buildBrowseIndexStreamed(entries: Iterable<ManifestEntry>, damagedOf: (i: number, e: ManifestEntry) => string | null = () => null): Promise<BrowseIndex> {
  const steps = browseIndexSteps(entries, damagedOf);
  for (let r = steps.next(); ; r = steps.next()) {
    if (r.done) return r.value;
    await yieldToLoop();
  }
}

function* browseIndexSteps(entries: Iterable<ManifestEntry>, damagedOf: (i: number, e: ManifestEntry) => string | null): Generator<void, BrowseIndex> {
  const b = new BrowseIndexBuilder();
  let i = -1;
  for (const e of entries) {
    i++;
    if (i % SLICE === SLICE - 1) yield;
    const n = b.add(e);
    const why = n === null ? null : damagedOf(i, e);
    if (why) b.damage(n as number, why);
  }
  return yield* b.finish();
}

/**
 * The index built from entries handed over one at a time, in the manifest's order (Browse feeds it
 * from the manifest's checking pass: one read of MANIFEST.json). Damage may be marked any time
 * before `finish`, by the node `add` gave.
 */
export class BrowseIndexBuilder {
  private readonly st = new NodeStore();
  private readonly top: number[] = [];

  private folder(path: string): number {
    const st = this.st;
    const known = st.folders.get(path);
    if (known !== undefined) return known;
    const cut = path.lastIndexOf('/');
    const parent = cut < 0 ? -1 : this.folder(path.slice(0, cut));
    const n = st.add(path, path.slice(cut + 1), parent, 'directory', 0, null);
    if (parent < 0) this.top.push(n);
    return n;
  }

  /** Entry `e` in the index: its file node, or null (a folder, or a name listed twice). */
  add(e: ManifestEntry): number | null {
    const st = this.st;
    const key = byteKey(entryPathBytes(e));
    if (e.kind === 'directory') {
      st.setMtime(this.folder(key), e.mtime);
      return null;
    }
    if (st.lookup(key) !== undefined) return null; // a name twice (a crafted manifest): the first one counts
    const cut = key.lastIndexOf('/');
    const parent = cut < 0 ? -1 : this.folder(key.slice(0, cut));
    const n = st.add(key, key.slice(cut + 1), parent, e.kind, e.size, e.mtime);
    if (parent < 0) this.top.push(n);
    return n;
  }

  /** File node `n` cannot be restored, because `why` (the first cause counts). */
  damage(n: number, why: string): void {
    if (!this.st.damaged.has(n)) this.st.damaged.set(n, why);
  }

  /** The index, with folder sizes and counts summed; yields every few thousand nodes. */
  *finish(): Generator<void, BrowseIndex> {
    const st = this.st;
    st.buildChildren();
    let files = 0;
    let bytes = 0;
    let damagedFiles = 0;
    // Children are always created after their folder: summing from the end reaches every folder complete.
    for (let n = st.count - 1; n >= 0; n--) {
      if (n % SLICE === 0) yield;
      if (isFile(st.kind(n))) {
        st.filesBelow[n] = 1;
        st.damagedBelow[n] = st.damaged.has(n) ? 1 : 0;
        files++;
        bytes += st.size[n] as number;
        damagedFiles += st.damagedBelow[n] as number;
      }
      const p = st.parent[n] as number;
      if (p >= 0) {
        st.size[p] = (st.size[p] as number) + (st.size[n] as number);
        st.filesBelow[p] = (st.filesBelow[p] as number) + (st.filesBelow[n] as number);
        st.damagedBelow[p] = (st.damagedBelow[p] as number) + (st.damagedBelow[n] as number);
      }
    }
    return { nodes: nodeView(st), byPath: { get: (k) => st.lookup(k), has: (k) => st.lookup(k) !== undefined }, store: st, top: this.top, files, bytes, damagedFiles, sorted: new Map() };
  }

  /** `finish`, giving the event loop a turn every few thousand nodes. */
  async finished(): Promise<BrowseIndex> {
    const steps = this.finish();
    for (let r = steps.next(); ; r = steps.next()) {
      if (r.done) return r.value;
      await yieldToLoop();
    }
  }
}

/** Node `n` as an object (made now, not kept). */
export function nodeAt(st: NodeStore, n: number): BrowseNode {
  const kind = st.kind(n);
  const below = st.damagedBelow[n] as number;
  const folderDamage = below > 0 ? `${below} damaged ${below === 1 ? 'file' : 'files'} inside` : null;
  return {
    name: keyShown(st.nameKey(n)),
    path: st.pathKey(n),
    kind,
    size: st.size[n] as number,
    mtime: st.mtime(n),
    children: kind === 'directory' ? Array.from(st.children(n)) : null,
    damaged: kind === 'directory' ? folderDamage : (st.damaged.get(n) ?? null),
    damagedBelow: below,
    filesBelow: st.filesBelow[n] as number,
  };
}

function nodeView(st: NodeStore): BrowseNodes {
  const target = {
    get length() {
      return st.count;
    },
    *[Symbol.iterator]() {
      for (let n = 0; n < st.count; n++) yield nodeAt(st, n);
    },
  };
  return new Proxy(target, {
    get(t, p, r) {
      if (typeof p === 'string' && /^\d+$/.test(p)) {
        const n = Number(p);
        return n < st.count ? nodeAt(st, n) : undefined;
      }
      return Reflect.get(t, p, r) as unknown;
    },
  }) as unknown as BrowseNodes;
}

/** Files, bytes and damaged files a set of ticked paths (byte strings) restores (a folder: everything below it, counted once). */
export function selectionTotals(index: BrowseIndex, paths: readonly string[]): { files: number; bytes: number; damagedFiles: number } {
  const chosen = [...new Set(paths)].filter((p) => index.byPath.has(p));
  const kept = chosen.filter((p) => !chosen.some((q) => q !== p && p.startsWith(`${q}/`)));
  let files = 0;
  let bytes = 0;
  let damagedFiles = 0;
  for (const p of kept) {
    const n = index.nodes[index.byPath.get(p) as number] as BrowseNode;
    files += n.filesBelow;
    bytes += n.size;
    damagedFiles += n.damagedBelow;
  }
  return { files, bytes, damagedFiles };
}
