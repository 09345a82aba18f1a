import type { CapturedContent } from './plan-types.js';
import type { EntryKind, PlanEntry } from './plan-types.js';

// The plan and what the snapshot captured, for a million files and more: one entry is a few
// numbers in typed arrays and its name's bytes (relative to its data directory) in one byte
// arena, about 60 bytes a file instead of two objects and four strings. An entry is made into
// a PlanEntry object only while it is worked on. Rare fields (links, hard-link inodes, database
// companions, staged content, unsettled notes) stay in maps keyed by index.

const KINDS: readonly EntryKind[] = ['file', 'sqlite', 'directory', 'symlink'];
const KIND_CODE: Record<EntryKind, number> = { file: 0, sqlite: 1, directory: 2, symlink: 3 };
const HARDLINK = 1;
const SPARSE = 2;
const RAW_NAME = 4;
const REMOVED = 8;
/** Content: none yet, in memory, in the shared spill file at an offset, empty, elsewhere (map). */
const C_NONE = 0;
const C_MEMORY = 1;
const C_SPILL = 2;
const C_EMPTY = 3;
const C_OTHER = 4;
const EMPTY = Buffer.alloc(0);
const SLASH = Buffer.from('/');

interface Rare {
  linkTarget?: string;
  linkBytes?: Buffer;
  inode?: string;
  identity?: string;
  companions?: string[];
  /** The source path as text when it is not `join(root, relative path)`. */
  source?: string;
  unsettled?: string;
}

/** Where a name lies on disk (a source that is not this is kept as is). */
const sourceIn = (root: string, rel: string): string => (rel === '' ? root : root.endsWith('/') ? root + rel : `${root}/${rel}`);

export interface TableRoot {
  path: string;
  top: string;
}

/** A captured entry: a plan entry with where its bytes are. */
export interface TableEntry extends PlanEntry {
  content: CapturedContent | null;
  unsettled?: string;
}

export class EntryTable implements Iterable<PlanEntry> {
  length = 0;
  private cap = 0;
  private arena = Buffer.allocUnsafe(1 << 16);
  private arenaUsed = 0;
  private nameAt = new Float64Array(0);
  private nameLen = new Uint32Array(0);
  private kinds = new Uint8Array(0);
  private flags = new Uint8Array(0);
  private dirs = new Uint16Array(0);
  private modes = new Uint16Array(0);
  private uids = new Uint32Array(0);
  private gids = new Uint32Array(0);
  private sizes = new Float64Array(0);
  private mtimes = new Float64Array(0);
  private contentKind = new Uint8Array(0);
  private contentAt = new Float64Array(0);
  private readonly rare = new Map<number, Rare>();
  private readonly memory = new Map<number, Buffer>();
  private readonly otherContent = new Map<number, CapturedContent>();
  /** The shared spill file small files overflow to (content kind C_SPILL). */
  spillPath = '';

  constructor(readonly roots: readonly TableRoot[]) {}

  private grow(): void {
    this.cap = Math.max(1024, this.cap * 2);
    const g = <T extends Float64Array | Uint32Array | Uint16Array | Uint8Array>(a: T, make: new (n: number) => T): T => {
      const b = new make(this.cap);
      b.set(a);
      return b;
    };
    this.nameAt = g(this.nameAt, Float64Array);
    this.nameLen = g(this.nameLen, Uint32Array);
    this.kinds = g(this.kinds, Uint8Array);
    this.flags = g(this.flags, Uint8Array);
    this.dirs = g(this.dirs, Uint16Array);
    this.modes = g(this.modes, Uint16Array);
    this.uids = g(this.uids, Uint32Array);
    this.gids = g(this.gids, Uint32Array);
    this.sizes = g(this.sizes, Float64Array);
    this.mtimes = g(this.mtimes, Float64Array);
    this.contentKind = g(this.contentKind, Uint8Array);
    this.contentAt = g(this.contentAt, Float64Array);
  }

  private room(n: number): void {
    if (this.arenaUsed + n > this.arena.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.arenaUsed + n));
      this.arena.copy(bigger, 0, 0, this.arenaUsed);
      this.arena = bigger;
    }
  }

  private storeName(rel: Buffer): void {
    this.room(rel.length);
    rel.copy(this.arena, this.arenaUsed);
    this.nameAt[this.length] = this.arenaUsed;
    this.nameLen[this.length] = rel.length;
    this.arenaUsed += rel.length;
  }

  /** A name given as text, encoded straight into the arena (at most 3 bytes per UTF-16 unit). */
  private storeText(rel: string): void {
    this.room(rel.length * 3);
    const n = this.arena.write(rel, this.arenaUsed, 'utf8');
    this.nameAt[this.length] = this.arenaUsed;
    this.nameLen[this.length] = n;
    this.arenaUsed += n;
  }

  private relOf(i: number): Buffer {
    const at = this.nameAt[i] as number;
    return this.arena.subarray(at, at + (this.nameLen[i] as number));
  }

  push(e: PlanEntry): void {
    if (this.length === this.cap) this.grow();
    const i = this.length;
    const root = this.roots[e.dataDir] as TableRoot;
    // The name relative to its data directory: `<top>/` taken off the archive path.
    let relText: string | null = null;
    if (e.archiveBytes) this.storeName(e.archiveBytes.subarray(Math.min(e.archiveBytes.length, Buffer.byteLength(root.top) + 1)));
    else {
      relText = e.archivePath.slice(root.top.length + 1);
      this.storeText(relText);
    }
    this.kinds[i] = KIND_CODE[e.kind];
    this.flags[i] = (e.hardlink ? HARDLINK : 0) | (e.sparse ? SPARSE : 0) | (e.archiveBytes ? RAW_NAME : 0);
    this.dirs[i] = e.dataDir;
    this.modes[i] = e.mode;
    this.uids[i] = e.uid;
    this.gids[i] = e.gid;
    this.sizes[i] = e.size;
    this.mtimes[i] = e.mtimeMs;
    this.length++;
    const otherSource = relText !== null && e.source !== sourceIn(root.path, relText);
    if (e.linkTarget === undefined && !e.linkBytes && !e.inode && !e.identity && !e.companions && !otherSource) return;
    const r: Rare = {};
    if (e.linkTarget !== undefined) r.linkTarget = e.linkTarget;
    if (e.linkBytes) r.linkBytes = e.linkBytes;
    if (e.inode) r.inode = e.inode;
    if (e.identity) r.identity = e.identity;
    if (e.companions) r.companions = e.companions;
    if (otherSource) r.source = e.source;
    this.rare.set(i, r);
  }

  kindAt = (i: number): EntryKind => KINDS[this.kinds[i] as number] as EntryKind;
  sizeAt = (i: number): number => this.sizes[i] as number;
  isHardlink = (i: number): boolean => ((this.flags[i] as number) & HARDLINK) !== 0;
  isRemoved = (i: number): boolean => ((this.flags[i] as number) & REMOVED) !== 0;
  hasContent = (i: number): boolean => this.contentKind[i] !== C_NONE;
  dirAt = (i: number): number => this.dirs[i] as number;
  modeAt = (i: number): number => this.modes[i] as number;
  mtimeAt = (i: number): number => this.mtimes[i] as number;

  /**
   * Entry `i`'s name relative to its data directory, as UTF-8 bytes in the arena (valid until the
   * next push), when the entry is a plain one: its name was given as text and it has no rare field
   * (no link, inode, companions, own source or note). Null otherwise: `get(i)` tells the rest.
   * Lets a writer of a million lines (PLAN) skip making an object and two strings per entry.
   */
  plainName(i: number): Buffer | null {
    if ((this.flags[i] as number) & RAW_NAME || this.rare.has(i)) return null;
    return this.relOf(i);
  }

  /** Entry `i` as a PlanEntry object. */
  get(i: number): TableEntry {
    const root = this.roots[this.dirs[i] as number] as TableRoot;
    const rel = this.relOf(i);
    const flags = this.flags[i] as number;
    const r = this.rare.get(i);
    const e: TableEntry = {
      kind: this.kindAt(i), dataDir: this.dirs[i] as number, archivePath: '', source: '', size: this.sizes[i] as number,
      mode: this.modes[i] as number, mtimeMs: this.mtimes[i] as number, uid: this.uids[i] as number, gid: this.gids[i] as number, content: this.contentOf(i),
    };
    if (flags & RAW_NAME) {
      e.archiveBytes = Buffer.concat([Buffer.from(root.top, 'utf8'), SLASH, rel]);
      e.archivePath = e.archiveBytes.toString('utf8');
      e.sourcePath = Buffer.concat([Buffer.from(root.path, 'utf8'), ...(root.path.endsWith('/') ? [] : [SLASH]), rel]);
      e.source = e.sourcePath.toString('utf8');
    } else {
      const relText = rel.toString('utf8');
      e.archivePath = rel.length === 0 ? root.top : `${root.top}/${relText}`;
      e.source = r?.source ?? sourceIn(root.path, relText);
    }
    if (flags & HARDLINK) e.hardlink = true;
    if (flags & SPARSE) e.sparse = true;
    if (r?.linkTarget !== undefined) e.linkTarget = r.linkTarget;
    if (r?.linkBytes) e.linkBytes = r.linkBytes;
    if (r?.inode) e.inode = r.inode;
    if (r?.identity) e.identity = r.identity;
    if (r?.companions) e.companions = r.companions;
    if (r?.unsettled) e.unsettled = r.unsettled;
    return e;
  }

  private contentOf(i: number): CapturedContent | null {
    switch (this.contentKind[i]) {
      case C_MEMORY:
        return { kind: 'memory', data: this.memory.get(i) as Buffer };
      case C_EMPTY:
        return { kind: 'memory', data: EMPTY };
      case C_SPILL:
        return { kind: 'file', path: this.spillPath, offset: this.contentAt[i] as number };
      case C_OTHER:
        return this.otherContent.get(i) as CapturedContent;
      default:
        return null;
    }
  }

  /** What the snapshot captured for entry `i` (its size as read). */
  setContent(i: number, c: CapturedContent | null, size: number): void {
    this.memory.delete(i);
    this.otherContent.delete(i);
    this.sizes[i] = size;
    if (c === null) this.contentKind[i] = C_NONE;
    else if (c.kind === 'memory') {
      this.contentKind[i] = c.data.length === 0 ? C_EMPTY : C_MEMORY;
      if (c.data.length) this.memory.set(i, c.data);
    } else if (c.path === this.spillPath && !c.sparse) {
      this.contentKind[i] = C_SPILL;
      this.contentAt[i] = c.offset ?? 0;
    } else {
      this.contentKind[i] = C_OTHER;
      this.otherContent.set(i, c);
    }
  }

  /** Replace the rare fields of entry `i` (links, hard-link flag, unsettled note). */
  update(i: number, e: Pick<TableEntry, 'linkTarget' | 'linkBytes' | 'hardlink' | 'unsettled'>): void {
    const r = { ...this.rare.get(i) };
    for (const k of ['linkTarget', 'linkBytes', 'unsettled'] as const) {
      if (k in e) {
        if (e[k] === undefined) delete r[k];
        else (r as Record<string, unknown>)[k] = e[k];
      }
    }
    this.rare.set(i, r);
    if ('hardlink' in e) this.flags[i] = e.hardlink ? (this.flags[i] as number) | HARDLINK : (this.flags[i] as number) & ~HARDLINK;
  }

  /** Leave entry `i` out (deleted before it could be read). */
  remove(i: number): void {
    this.flags[i] = (this.flags[i] as number) | REMOVED;
    this.setContent(i, null, this.sizes[i] as number);
  }

  /** Indices of the entries with more than one name (hard links), in order. */
  *linkedIndices(): Generator<number> {
    for (const [i, r] of [...this.rare].sort((a, b) => a[0] - b[0])) if (r.inode && !this.isRemoved(i)) yield i;
  }

  /** Every entry left in, as PlanEntry objects made one at a time. */
  *[Symbol.iterator](): Generator<TableEntry> {
    for (let i = 0; i < this.length; i++) if (!this.isRemoved(i)) yield this.get(i);
  }

  /** Every entry left in, for the stream: each one's memory capture is let go once the next is asked for. */
  *captured(): Generator<TableEntry> {
    for (let i = 0; i < this.length; i++) yield* this.capturedAt(i);
  }

  /**
   * As `captured`, but the entries in `last` (databases whose copies are still being made) come
   * after all the others, in their order, each preceded by the promise `wait` gives for it (null
   * once ready): the consumer awaits that, then the entry is read with its content. The order is
   * the same whatever the timing, so two runs of the same data make the same archive.
   */
  *capturedWithLast(last: ReadonlySet<number>, wait: (i: number) => Promise<void> | null): Generator<TableEntry | Promise<void>> {
    for (let i = 0; i < this.length; i++) if (!last.has(i)) yield* this.capturedAt(i);
    for (let i = 0; i < this.length; i++) {
      if (!last.has(i)) continue;
      const ready = wait(i);
      if (ready) yield ready;
      yield* this.capturedAt(i);
    }
  }

  private *capturedAt(i: number): Generator<TableEntry> {
    if (this.isRemoved(i)) return;
    yield this.get(i);
    if (this.contentKind[i] === C_MEMORY) {
      this.memory.delete(i);
      this.contentKind[i] = C_NONE;
    }
  }

  /** How many entries are left in. */
  get count(): number {
    let n = 0;
    for (let i = 0; i < this.length; i++) if (!this.isRemoved(i)) n++;
    return n;
  }

  toArray(): TableEntry[] {
    return [...this];
  }
}
