import { entryPathBytes, type ManifestEntry } from '../manifest/manifest.js';
import type { ManifestReader } from '../manifest/manifest-reader.js';
import { byteKey } from '../fs/raw-names.js';

/** How verify finds the manifest entry for each entry the tar parse meets. */
export interface EntryLookup {
  /** Every entry has its tar offset. */
  readonly hasOffsets: boolean;
  /**
   * The entry whose header is at tar byte `offset` (by name, `key`, in manifests without offsets),
   * counted as met when its name is `key`; `twice` when met before.
   */
  find(offset: number, key: string): { m: ManifestEntry; twice: boolean } | null;
  /** Where the parse starts again after damage at tar byte `pos`: the first entry at or after it. */
  resumeAt(pos: number): number;
  /** The tar byte where the entry after `m` starts (its end), when known. */
  endOf(m: ManifestEntry): number | undefined;
  /** After the parse: the entries it never met. */
  unseen(): Iterable<ManifestEntry>;
}

/**
 * The manifest read alongside the tar, one entry ahead: both are in tar order (what a run
 * writes), so memory holds a few entries, not the whole list.
 */
class InTarOrder implements EntryLookup {
  readonly hasOffsets = true;
  private readonly it: Iterator<ManifestEntry>;
  private head: ManifestEntry | null;
  private following: ManifestEntry | null;
  private readonly missed: ManifestEntry[] = [];
  /**
   * Where entries end, for those blamed after the parse has moved on: databases (checked once the
   * parse is over) and entries it missed. Any other entry is blamed while it is the one last moved
   * past (`last`), so most entries are never put in the map (one of these per file).
   */
  private readonly ends = new WeakMap<ManifestEntry, number>();
  private last: ManifestEntry | null = null;
  private lastEnd = 0;

  constructor(reader: ManifestReader, private readonly tarBytes: number | null) {
    this.it = reader.entries()[Symbol.iterator]();
    this.head = this.pull();
    this.following = this.pull();
  }

  private pull(): ManifestEntry | null {
    const r = this.it.next();
    return r.done ? null : r.value;
  }

  /** Moves past the first entry, remembering where it ends. */
  private shift(): ManifestEntry {
    const m = this.head as ManifestEntry;
    this.last = m;
    this.lastEnd = this.following?.offset ?? this.tarBytes ?? (m.offset as number) + 1;
    if (m.kind === 'sqlite') this.ends.set(m, this.lastEnd);
    this.head = this.following;
    this.following = this.pull();
    return m;
  }

  private skipBefore(pos: number): void {
    while (this.head && (this.head.offset as number) < pos) this.miss(this.shift());
  }

  private miss(m: ManifestEntry): void {
    this.ends.set(m, this.lastEnd);
    this.missed.push(m);
  }

  find(offset: number, key: string): { m: ManifestEntry; twice: boolean } | null {
    this.skipBefore(offset);
    if (!this.head || this.head.offset !== offset) return null;
    const m = this.shift();
    if (byteKey(entryPathBytes(m)) !== key) this.miss(m);
    return { m, twice: false };
  }

  resumeAt(pos: number): number {
    this.skipBefore(pos);
    return (this.head?.offset as number | undefined) ?? Number.MAX_SAFE_INTEGER;
  }

  endOf(m: ManifestEntry): number | undefined {
    return m === this.last ? this.lastEnd : this.ends.get(m);
  }

  *unseen(): Iterable<ManifestEntry> {
    yield* this.missed;
    while (this.head) yield this.shift();
  }
}

/** Any other manifest (format 1 without offsets, or entries out of tar order): the whole list in memory. */
class WholeList implements EntryLookup {
  private readonly all: ManifestEntry[];
  readonly hasOffsets: boolean;
  private readonly byOffset: Map<number, ManifestEntry>;
  private readonly byKey: Map<string, ManifestEntry>;
  private readonly offsets: number[];
  private readonly next = new Map<ManifestEntry, number>();
  private readonly seen = new Set<ManifestEntry>();

  constructor(reader: ManifestReader, tarBytes: number | null) {
    this.all = [...reader.entries()];
    const all = this.all;
    this.hasOffsets = all.every((e) => typeof e.offset === 'number');
    this.byOffset = new Map(this.hasOffsets ? all.map((e) => [e.offset as number, e]) : []);
    this.byKey = new Map(all.map((e) => [byteKey(entryPathBytes(e)), e]));
    this.offsets = this.hasOffsets ? all.map((e) => e.offset as number).sort((a, b) => a - b) : [];
    if (this.hasOffsets) all.forEach((e, i) => this.next.set(e, all[i + 1]?.offset ?? tarBytes ?? (e.offset as number) + 1));
  }

  find(offset: number, key: string): { m: ManifestEntry; twice: boolean } | null {
    const m = (this.hasOffsets ? this.byOffset.get(offset) : this.byKey.get(key)) ?? null;
    if (!m) return null;
    const twice = this.seen.has(m);
    if (byteKey(entryPathBytes(m)) === key) this.seen.add(m);
    return { m, twice };
  }

  resumeAt(pos: number): number {
    for (const o of this.offsets) if (o >= pos) return o;
    return Number.MAX_SAFE_INTEGER;
  }

  endOf(m: ManifestEntry): number | undefined {
    return this.next.get(m);
  }

  *unseen(): Iterable<ManifestEntry> {
    for (const m of this.all) if (!this.seen.has(m)) yield m;
  }
}

export const entryLookup = (reader: ManifestReader, tarBytes: number | null): EntryLookup =>
  reader.ascending ? new InTarOrder(reader, tarBytes) : new WholeList(reader, tarBytes);
