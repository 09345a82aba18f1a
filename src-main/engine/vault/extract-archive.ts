import { createHash, type Hash } from 'node:crypto';
import { closeSync, ftruncateSync, futimesSync, fchmodSync, linkSync, mkdirSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { keyBytes, keyText } from '../manifest/raw-names.js';
import { tarPieces, type ArchiveLayout } from '../tar/archive-reader.js';
import { TarFormatError, TarParser, type ParsedEntry, type TarSink } from '../tar/tar-parse.js';
import { safeMode } from './restore-checks.js';
import { readSpans, type RestoreItem, type RestoreSelection } from './restore-plan.js';

// Unpacks the selected entries of a backup with synchronous fs calls (thousands of small files cost
// a few syscalls each instead of thread-pool round trips; the event loop gets a turn between chunks).
// Each file's SHA-256 is checked against the manifest as it is written: a file whose bytes are
// damaged is removed and reported, every intact one stays.

export interface ExtractResult {
  restored: RestoreItem[];
  failed: { path: string; problem: string }[];
  /** Symbolic links, made last (nothing is ever written through one). */
  links: RestoreItem[];
}

export interface ExtractOptions {
  signal?: AbortSignal;
  onProgress?(bytesDone: number, bytesTotal: number, current: string | null): void;
}

const ZEROS = Buffer.alloc(1024 * 1024);

interface Open {
  item: RestoreItem;
  fd: number;
  file: Buffer;
  hash: Hash;
  hashed: number;
}

class Extractor implements TarSink {
  readonly done = new Set<RestoreItem>();
  readonly failed = new Map<RestoreItem, string>();
  readonly links: RestoreItem[] = [];
  readonly folders: RestoreItem[] = [];
  private cur: Open | null = null;
  private curItem: RestoreItem | null = null;
  private readonly made = new Set<string>();
  private readonly byOffset = new Map<number, RestoreItem>();
  private readonly byKey = new Map<string, RestoreItem>();

  constructor(
    private readonly root: Buffer,
    items: readonly RestoreItem[],
  ) {
    for (const it of items) {
      if (it.start !== null) this.byOffset.set(it.start, it);
      else this.byKey.set(it.key, it);
    }
  }

  private abs(rel: string): Buffer {
    return Buffer.concat([this.root, Buffer.from('/'), keyBytes(rel)]);
  }

  private parents(rel: string): void {
    const cut = rel.lastIndexOf('/');
    if (cut <= 0) return;
    const dir = rel.slice(0, cut);
    if (this.made.has(dir)) return;
    mkdirSync(this.abs(dir), { recursive: true });
    this.made.add(dir);
  }

  fail(item: RestoreItem, why: string): void {
    if (!this.done.has(item) && !this.failed.has(item)) this.failed.set(item, why);
  }

  entry(e: ParsedEntry): void {
    const key = e.path.toString('latin1').replace(/\/+$/, '');
    const item = e.offset >= 0 && this.byOffset.size ? this.byOffset.get(e.offset) : this.byKey.get(key.replace(/^\.\//, ''));
    this.curItem = item ?? null;
    if (!item || this.done.has(item) || this.failed.has(item)) return;
    const m = item.m;
    const want = m.hardlink ? '1' : m.kind === 'directory' ? '5' : m.kind === 'symlink' ? '2' : '0';
    if (e.type !== want || key.replace(/^\.\//, '') !== item.key) {
      this.fail(item, `its tar header (${keyText(key)}, type ${e.type}) does not match the manifest: the archive is damaged there`);
      this.curItem = null;
      return;
    }
    if (m.kind === 'directory') {
      mkdirSync(this.abs(item.dest), { recursive: true });
      this.made.add(item.dest);
      this.folders.push(item);
      return;
    }
    if (m.kind === 'symlink') {
      this.links.push(item);
      return;
    }
    this.parents(item.dest);
    if (m.hardlink) {
      if (!item.linkDest) return this.fail(item, 'the file it is a hard link of is not in this restore');
      linkSync(this.abs(item.linkDest), this.abs(item.dest));
      return;
    }
    const file = this.abs(item.dest);
    const fd = openSync(file, 'wx', 0o600);
    this.cur = { item, fd, file, hash: createHash('sha256'), hashed: 0 };
  }

  data(_e: ParsedEntry, chunk: Buffer, at: number): void {
    const c = this.cur;
    if (!c) return;
    if (at > c.hashed) this.zeros(c, at - c.hashed);
    writeSync(c.fd, chunk, 0, chunk.length, at);
    c.hash.update(chunk);
    c.hashed = at + chunk.length;
  }

  private zeros(c: Open, n: number): void {
    for (let left = n; left > 0; left -= ZEROS.length) c.hash.update(ZEROS.subarray(0, Math.min(ZEROS.length, left)));
    c.hashed += n;
  }

  end(e: ParsedEntry): void {
    const item = this.curItem;
    this.curItem = null;
    if (!item || this.failed.has(item)) return;
    const c = this.cur;
    this.cur = null;
    if (c) {
      const m = item.m;
      if (c.hashed < e.size) this.zeros(c, e.size - c.hashed);
      if (e.sparse) ftruncateSync(c.fd, e.size);
      const sha = c.hash.digest('hex');
      if (e.size !== m.size || (m.sha256 !== null && sha !== m.sha256)) {
        closeSync(c.fd);
        unlinkSync(c.file);
        this.fail(item, e.size !== m.size ? `has ${e.size} bytes in the archive, the manifest says ${m.size}` : 'its content does not match its SHA-256 in the manifest (damaged)');
        return;
      }
      fchmodSync(c.fd, safeMode('File', m.mode));
      const t = Date.parse(m.mtime) / 1000;
      futimesSync(c.fd, t, t);
      closeSync(c.fd);
    }
    this.done.add(item);
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
    for (const f of [...this.folders].reverse()) {
      const fd = openSync(this.abs(f.dest), 'r');
      try {
        // A setgid folder (shared office folders) keeps setgid; no setuid/setgid file is ever made.
        fchmodSync(fd, safeMode('Directory', f.m.mode));
        const t = Date.parse(f.m.mtime) / 1000;
        futimesSync(fd, t, t);
      } finally {
        closeSync(fd);
      }
    }
  }
}

const nextOffset = (offsets: readonly number[], pos: number): number => {
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((offsets[mid] as number) < pos) lo = mid + 1;
    else hi = mid;
  }
  return offsets[lo] ?? Number.MAX_SAFE_INTEGER;
};

/**
 * Read only the stretches of the tar that hold the selected entries (seeking straight to their
 * gzip members) and unpack them under `root`. Damage (a missing volume, a bad member, a broken
 * header) costs the entries it touches: reading starts again at the next entry after it.
 */
export async function extractSelected(layout: ArchiveLayout, sel: RestoreSelection, root: string, opts: ExtractOptions = {}): Promise<ExtractResult> {
  const x = new Extractor(Buffer.from(root, 'utf8'), sel.items);
  const joinGap = layout.gzip ? 2 * 1024 * 1024 : 256 * 1024;
  const spans = readSpans(sel.items, joinGap);
  const total = spans.reduce((s, sp) => s + (sp.to === Number.MAX_SAFE_INTEGER ? 0 : sp.to - sp.from), 0);
  let doneBytes = 0;
  let lastYield = Date.now();
  const damage: { pos: number; end: number; problem: string }[] = [];
  try {
    await extractSpans();
  } catch (err) {
    x.release();
    throw err;
  }
  async function extractSpans(): Promise<void> {
    for (const span of spans) {
      let parser = new TarParser(x, span.from);
      const resync = (pos: number, why: string) => {
        x.abort(why);
        const at = sel.offsets.length ? nextOffset(sel.offsets, pos) : Number.MAX_SAFE_INTEGER;
        parser = new TarParser(x, at);
      };
      for await (const piece of tarPieces(layout, span.from, span.to, opts.signal)) {
        if (piece.problem !== undefined) {
          damage.push(piece);
          if (piece.end > parser.pos) resync(piece.end, piece.problem);
          continue;
        }
        let pos = piece.pos;
        let data = piece.data;
        while (data.length > 0 && parser.pos < span.to) {
          if (pos + data.length <= parser.pos) break;
          if (pos < parser.pos) {
            data = data.subarray(parser.pos - pos);
            pos = parser.pos;
          }
          if (pos > parser.pos) {
            resync(pos, `the archive has a gap before tar byte ${pos}`);
            continue;
          }
          const part = data.subarray(0, Math.max(0, span.to - pos));
          try {
            parser.write(part);
            pos += part.length;
            data = data.subarray(part.length);
          } catch (err) {
            if (!(err instanceof TarFormatError)) throw err;
            damage.push({ pos: parser.pos, end: parser.pos, problem: err.message });
            resync(parser.pos, err.message);
          }
        }
        doneBytes += piece.data.length;
        opts.onProgress?.(Math.min(doneBytes, total), total, null);
        if (Date.now() - lastYield > 10) {
          await new Promise((r) => setImmediate(r));
          lastYield = Date.now();
        }
      }
      if (parser.inside) x.abort('cut off: the archive ends inside it');
    }
  }
  x.finishFolders();
  const failed: ExtractResult['failed'] = [];
  for (const it of sel.items) {
    if (it.m.kind === 'symlink' && x.links.includes(it)) continue;
    if (x.done.has(it)) continue;
    let why = x.failed.get(it);
    if (!why) {
      const hit = damage.find((d) => it.start !== null && it.end !== null && d.pos < it.end && (d.end > it.start || d.end === d.pos));
      why = hit ? hit.problem : 'not found in the archive';
    }
    failed.push({ path: it.m.path, problem: why });
  }
  return { restored: [...x.done], failed, links: x.links };
}
