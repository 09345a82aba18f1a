import { createHash, type Hash } from 'node:crypto';
import { closeSync, fchownSync, ftruncateSync, futimesSync, fchmodSync, lchownSync, linkSync, mkdirSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { entryPathBytes, type ManifestEntry } from '../manifest/manifest.js';
import { shownName } from '../../../shared/shown-name.js';
import { keyBytes, keyShown } from '../fs/raw-names.js';
import type { Owner } from '../plan/owner-names.js';
import type { ParsedEntry, TarSink } from '../tar/tar-parse.js';
import { DeferredFolders } from './deferred-folders.js';
import type { ExtractResult } from './extract-archive.js';
import { modeNote, safeMode } from './restore-checks.js';
import type { RestoreItem } from './restore-plan.js';
import type { ItemSource } from './restore-stream.js';

// Writes the selected entries as the tar parser meets them, with synchronous fs calls (thousands
// of small files cost a few syscalls each instead of thread-pool round trips). Each file's SHA-256
// is checked against the manifest as it is written: a file whose bytes are damaged is removed and
// reported, every intact one stays. What it keeps does not grow with the number of entries: counts,
// the failures, symbolic links (made last by the caller) and the folders (compact, finished last).

const ZEROS = Buffer.alloc(1024 * 1024);

/** A time for futimes: Node takes a negative number of seconds (before 1970) as "now"; a Date it takes as it is. */
const fileTime = (seconds: number) => new Date(seconds * 1000);

interface Open {
  item: RestoreItem;
  fd: number;
  file: Buffer;
  /** Made at the file's first byte: an empty file needs none (its SHA-256 is EMPTY_SHA256). */
  hash: Hash | null;
  hashed: number;
}

/** SHA-256 of no bytes: what an empty file's content is checked against, without hashing. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Folders made, remembered only recently (entries come folder by folder): a repeat costs one mkdir. */
const MADE_KEPT = 4096;

export class Extractor implements TarSink {
  readonly result: ExtractResult = { files: 0, directories: 0, symlinks: 0, bytes: 0, failed: [], notes: [], links: [] };
  readonly folders = new DeferredFolders();
  source!: ItemSource;
  private cur: Open | null = null;
  private curItem: RestoreItem | null = null;
  private curFailed = false;
  private made = new Set<string>();

  constructor(
    private readonly root: Buffer,
    private readonly owner: ((m: ManifestEntry) => Owner) | undefined,
  ) {}

  private abs(rel: string): Buffer {
    return Buffer.concat([this.root, Buffer.from('/'), keyBytes(rel)]);
  }

  private parents(rel: string): void {
    const cut = rel.lastIndexOf('/');
    if (cut <= 0) return;
    this.madeFolder(rel.slice(0, cut));
  }

  private madeFolder(dir: string): void {
    if (this.made.has(dir)) return;
    mkdirSync(this.abs(dir), { recursive: true });
    if (this.made.size >= MADE_KEPT) this.made = new Set();
    this.made.add(dir);
  }

  /** The item `why` could not be restored (once: the first cause counts). */
  fail(item: RestoreItem, why: string): void {
    if (item === this.curItem) {
      if (this.curFailed) return;
      this.curFailed = true;
    }
    this.result.failed.push({ path: shownName(entryPathBytes(item.m)), problem: why });
  }

  private chown(m: ManifestEntry, at: Buffer | number): void {
    if (!this.owner) return;
    const o = this.owner(m);
    if (typeof at === 'number') fchownSync(at, o.uid, o.gid);
    else lchownSync(at, o.uid, o.gid);
  }

  entry(e: ParsedEntry): void {
    const key = e.path.toString('latin1').replace(/\/+$/, '');
    const item = this.source.at(e.offset, key);
    this.curItem = item;
    this.curFailed = false;
    if (!item) return;
    const m = item.m;
    const want = m.hardlink ? '1' : m.kind === 'directory' ? '5' : m.kind === 'symlink' ? '2' : '0';
    if (e.type !== want || key.replace(/^\.\//, '') !== item.key) {
      this.fail(item, `its tar header (${keyShown(key)}, type ${e.type}) does not match the manifest: the archive is damaged there`);
      this.curItem = null;
      return;
    }
    if (m.kind === 'directory') {
      const at = this.abs(item.dest);
      mkdirSync(at, { recursive: true });
      this.chown(m, at);
      if (this.made.size >= MADE_KEPT) this.made = new Set();
      this.made.add(item.dest);
      this.folders.push(at, safeMode('Directory', m.mode), Date.parse(m.mtime) / 1000);
      return;
    }
    if (m.kind === 'symlink') {
      this.result.links.push(item);
      return;
    }
    this.parents(item.dest);
    if (m.hardlink) {
      if (!item.linkDest) return this.fail(item, 'the file it is a hard link of is not in this restore');
      const at = this.abs(item.dest);
      linkSync(this.abs(item.linkDest), at);
      this.chown(m, at);
      return;
    }
    const file = this.abs(item.dest);
    const fd = openSync(file, 'wx', 0o600);
    this.cur = { item, fd, file, hash: null, hashed: 0 };
  }

  data(_e: ParsedEntry, chunk: Buffer, at: number): void {
    const c = this.cur;
    if (!c) return;
    if (at > c.hashed) this.zeros(c, at - c.hashed);
    writeSync(c.fd, chunk, 0, chunk.length, at);
    (c.hash ??= createHash('sha256')).update(chunk);
    c.hashed = at + chunk.length;
  }

  private zeros(c: Open, n: number): void {
    const hash = (c.hash ??= createHash('sha256'));
    for (let left = n; left > 0; left -= ZEROS.length) hash.update(ZEROS.subarray(0, Math.min(ZEROS.length, left)));
    c.hashed += n;
  }

  end(e: ParsedEntry): void {
    const item = this.curItem;
    this.curItem = null;
    if (!item || this.curFailed) return;
    const c = this.cur;
    this.cur = null;
    const m = item.m;
    if (c) {
      if (c.hashed < e.size) this.zeros(c, e.size - c.hashed);
      if (e.sparse) ftruncateSync(c.fd, e.size);
      // No byte came (and none was due: e.size is 0, else the zeros above made the hash).
      const sha = c.hash ? c.hash.digest('hex') : EMPTY_SHA256;
      if (e.size !== m.size || (m.sha256 !== null && sha !== m.sha256)) {
        closeSync(c.fd);
        unlinkSync(c.file);
        this.fail(item, e.size !== m.size ? `has ${e.size} bytes in the archive, the manifest says ${m.size}` : 'its content does not match its SHA-256 in the manifest (damaged)');
        return;
      }
      this.chown(m, c.fd);
      fchmodSync(c.fd, safeMode('File', m.mode));
      const t = fileTime(Date.parse(m.mtime) / 1000);
      futimesSync(c.fd, t, t);
      closeSync(c.fd);
    }
    this.counted(item);
  }

  private counted(item: RestoreItem): void {
    const m = item.m;
    const r = this.result;
    if (m.kind === 'directory') r.directories++;
    else if (m.kind === 'symlink') r.symlinks++;
    else {
      r.files++;
      r.bytes += m.size;
    }
    const note = modeNote({ path: shownName(entryPathBytes(m)), type: m.kind === 'directory' ? 'Directory' : 'File', mode: m.mode });
    if (note) r.notes.push(note);
  }

  /** Reading stopped inside the current entry: whatever of it was written goes. */
  abort(why: string): void {
    const c = this.cur;
    this.cur = null;
    if (c) {
      closeSync(c.fd);
      unlinkSync(c.file);
      this.fail(c.item, why);
    } else if (this.curItem) this.fail(this.curItem, why);
    this.curItem = null;
  }

  /** Writing stopped with an error (a full drive): the file being written is closed and goes, no descriptor stays open. */
  release(): void {
    const c = this.cur;
    this.cur = null;
    this.curItem = null;
    if (!c) return;
    try {
      closeSync(c.fd);
    } finally {
      try {
        unlinkSync(c.file);
      } catch {
        // Already gone: nothing of it is left to remove.
      }
    }
  }

  /** Folder modes and times last (writing into a folder changes its time; a read-only one would refuse files). */
  finishFolders(): void {
    for (const f of this.folders.reversed()) {
      const fd = openSync(f.path, 'r');
      try {
        // A setgid folder (shared office folders) keeps setgid; no setuid/setgid file is ever made.
        fchmodSync(fd, f.mode);
        const t = fileTime(f.mtime);
        futimesSync(fd, t, t);
      } finally {
        closeSync(fd);
      }
    }
  }
}

