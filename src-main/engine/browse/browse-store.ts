import type { EntryKind } from '../plan/plan-types.js';

// The Browse index's nodes kept compact (issue 16, flat memory): numbers in typed arrays, each
// name's bytes in one arena, no object per entry (a million files: tens of MB, not hundreds). A
// node becomes an object only when a page, a search hit or a lookup asks for it. Folders are
// found by path in a Map (there are few); files through an open-addressing table of path hashes,
// each hit checked against the node's real path.

const KINDS: EntryKind[] = ['directory', 'file', 'sqlite', 'symlink'];

type Typed = Float64Array | Int32Array | Uint32Array | Uint8Array;
function grown<T extends Typed>(a: T, need: number): T {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/** FNV-1a over a byte string's char codes (each 0–255). */
function hashOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class NodeStore {
  count = 0;
  parent = new Int32Array(1024);
  kindOf = new Uint8Array(1024);
  size = new Float64Array(1024);
  /** Modification time in ms; NaN: none (a folder the manifest does not list). */
  mtimeMs = new Float64Array(1024);
  filesBelow = new Float64Array(1024);
  damagedBelow = new Float64Array(1024);
  private nameAt = new Float64Array(1024);
  private nameLen = new Uint32Array(1024);
  private arena = Buffer.allocUnsafe(64 * 1024);
  private used = 0;
  /** Why a file cannot be restored (few). */
  readonly damaged = new Map<number, string>();
  /** Times a number cannot give back as written (not ISO UTC to the millisecond). */
  private readonly oddTimes = new Map<number, string>();
  readonly folders = new Map<string, number>();
  private table = new Int32Array(2048).fill(-1);
  private files = 0;
  /** Children, once built: node i's are childList[childStart[i] .. childStart[i + 1]). */
  private childStart = new Int32Array(0);
  private childList = new Int32Array(0);

  add(key: string, nameKey: string, parent: number, kind: EntryKind, size: number, mtime: string | null): number {
    const n = this.count++;
    const need = this.count;
    this.parent = grown(this.parent, need);
    this.kindOf = grown(this.kindOf, need);
    this.size = grown(this.size, need);
    this.mtimeMs = grown(this.mtimeMs, need);
    this.filesBelow = grown(this.filesBelow, need);
    this.damagedBelow = grown(this.damagedBelow, need);
    this.nameAt = grown(this.nameAt, need);
    this.nameLen = grown(this.nameLen, need);
    this.parent[n] = parent;
    this.kindOf[n] = Math.max(0, KINDS.indexOf(kind));
    this.size[n] = size;
    this.setMtime(n, mtime);
    this.filesBelow[n] = 0;
    this.damagedBelow[n] = 0;
    if (this.used + nameKey.length > this.arena.length) {
      const b = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.used + nameKey.length));
      this.arena.copy(b, 0, 0, this.used);
      this.arena = b;
    }
    this.nameAt[n] = this.used;
    this.nameLen[n] = this.arena.write(nameKey, this.used, 'latin1');
    this.used += nameKey.length;
    if (kind === 'directory') this.folders.set(key, n);
    else this.putFile(key, n);
    return n;
  }

  setMtime(n: number, mtime: string | null): void {
    const ms = mtime === null ? NaN : Date.parse(mtime);
    this.mtimeMs[n] = ms;
    if (mtime !== null && (Number.isNaN(ms) || new Date(ms).toISOString() !== mtime)) this.oddTimes.set(n, mtime);
    else this.oddTimes.delete(n);
  }

  mtime(n: number): string | null {
    const odd = this.oddTimes.get(n);
    if (odd !== undefined) return odd;
    const ms = this.mtimeMs[n] as number;
    return Number.isNaN(ms) ? null : new Date(ms).toISOString();
  }

  kind(n: number): EntryKind {
    return KINDS[this.kindOf[n] as number] as EntryKind;
  }

  /** The name as a byte string. */
  nameKey(n: number): string {
    const at = this.nameAt[n] as number;
    return this.arena.toString('latin1', at, at + (this.nameLen[n] as number));
  }

  /** The archive path as a byte string. */
  pathKey(n: number): string {
    const p = this.parent[n] as number;
    return p < 0 ? this.nameKey(n) : `${this.pathKey(p)}/${this.nameKey(n)}`;
  }

  /** Node `n` lies below (or is) folder node `f`. */
  isUnder(n: number, f: number): boolean {
    for (let at = n; at >= 0; at = this.parent[at] as number) if (at === f) return true;
    return false;
  }

  lookup(key: string): number | undefined {
    const f = this.folders.get(key);
    if (f !== undefined) return f;
    const mask = this.table.length - 1;
    for (let s = hashOf(key) & mask; ; s = (s + 1) & mask) {
      const n = this.table[s] as number;
      if (n < 0) return undefined;
      if (this.pathKey(n) === key) return n;
    }
  }

  private putFile(key: string, n: number): void {
    if ((this.files + 1) * 2 > this.table.length) {
      const old = this.table;
      this.table = new Int32Array(old.length * 2).fill(-1);
      for (const m of old) if (m >= 0) this.place(hashOf(this.pathKey(m)), m);
    }
    this.place(hashOf(key), n);
    this.files++;
  }

  private place(h: number, n: number): void {
    const mask = this.table.length - 1;
    let s = h & mask;
    while ((this.table[s] as number) >= 0) s = (s + 1) & mask;
    this.table[s] = n;
  }

  /** Lay out every folder's children (in the order they were added), once all nodes are in. */
  buildChildren(): void {
    const start = new Int32Array(this.count + 1);
    for (let n = 0; n < this.count; n++) {
      const p = this.parent[n] as number;
      if (p >= 0) start[p + 1] = (start[p + 1] as number) + 1;
    }
    for (let n = 0; n < this.count; n++) start[n + 1] = (start[n + 1] as number) + (start[n] as number);
    const fill = start.slice(0, this.count);
    const list = new Int32Array(Math.max(0, this.count));
    for (let n = 0; n < this.count; n++) {
      const p = this.parent[n] as number;
      if (p >= 0) list[(fill[p] as number)++] = n;
    }
    this.childStart = start;
    this.childList = list;
  }

  children(n: number): Int32Array {
    return this.childList.subarray(this.childStart[n] as number, this.childStart[n + 1] as number);
  }
}
