import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import type { ManifestEntry } from '../manifest/manifest.js';
import { ownerNames } from '../plan/owner-names.js';
import type { CapturedEntry } from '../snapshot/captured-entry.js';
import { BLOCK, encodeHeader, encodeSparseMap, END_OF_ARCHIVE, type TarType } from '../tar/tar-header.js';
import { looksIncompressible, MIN_STRETCH } from './incompressible.js';

export interface TarBlocksContext {
  signal?: AbortSignal;
  onProgress(bytesDone: number, filesDone: number, current: string | null): void;
}

/** Fixed-size buffers handed out again once their block has been compressed or written. */
export class BlockPool {
  private readonly free: Buffer[] = [];
  constructor(readonly size: number) {}
  take(): Buffer {
    return this.free.pop() ?? Buffer.allocUnsafe(this.size);
  }
  give(b: Buffer): void {
    if (b.buffer.byteLength === this.size && this.free.length < 16) this.free.push(Buffer.from(b.buffer, b.byteOffset, this.size));
  }
}

/**
 * The stretches of the block being made that hold incompressible file content (gzip stores them
 * instead of compressing them): read with `take` as soon as a block is handed out.
 */
export class StoredMarks {
  private ranges: [number, number][] = [];
  add(from: number, to: number): void {
    const last = this.ranges.at(-1);
    if (last && last[1] === from) last[1] = to;
    else this.ranges.push([from, to]);
  }
  take(): [number, number][] {
    const r = this.ranges;
    this.ranges = [];
    return r;
  }
}

const tarType = (e: CapturedEntry): TarType => (e.hardlink ? '1' : e.kind === 'directory' ? '5' : e.kind === 'symlink' ? '2' : '0');
const ZEROS = Buffer.alloc(1024 * 1024);

function hashZeros(hash: Hash, n: number): void {
  for (let left = n; left > 0; left -= ZEROS.length) hash.update(ZEROS.subarray(0, Math.min(ZEROS.length, left)));
}

/**
 * The tar stream as full blocks of `pool.size` bytes (the last one shorter): headers are copied in
 * and captured content is read from its staging file straight into the block, hashed from there
 * (one copy of each byte, no buffer per chunk). Synchronous: this runs in the backup worker, where
 * blocking costs nobody. Each entry's manifest line goes to `out` once its bytes are in a block.
 * A promise among `entries` is handed out as it is, for the consumer to await before asking for more.
 */
export function* tarBlocks(
  entries: Iterable<CapturedEntry | Promise<void>>,
  out: (e: ManifestEntry) => void,
  ctx: TarBlocksContext,
  pool: BlockPool,
  count: { tar: number },
  marks?: StoredMarks,
): Generator<Buffer | Promise<void>> {
  let block = pool.take();
  let at = 0;
  /** Room left in the block; hands out the full block first when there is none. */
  function* room(): Generator<Buffer> {
    if (at < block.length) return;
    count.tar += at;
    yield block;
    block = pool.take();
    at = 0;
  }
  function* put(data: Buffer, content = false): Generator<Buffer> {
    for (let from = 0; from < data.length; ) {
      yield* room();
      const n = data.copy(block, at, from);
      if (content) judge(at, at + n);
      at += n;
      from += n;
    }
  }
  /** The current entry's content so far: null not judged yet, false compressible (not asked again), true incompressible. */
  let verdict: boolean | null = null;
  /** Content just placed at block[from, to): marked for storing when incompressible (gzip only). */
  function judge(from: number, to: number): void {
    if (!marks || verdict === false || to - from < MIN_STRETCH) return;
    verdict = looksIncompressible(block.subarray(from, to));
    if (verdict) marks.add(from, to);
  }
  function* zeros(n: number): Generator<Buffer> {
    for (let left = n; left > 0; ) {
      yield* room();
      const k = Math.min(left, block.length - at);
      block.fill(0, at, at + k);
      at += k;
      left -= k;
    }
  }
  /** `size` bytes of the staging file from `offset`, read into the block; the bytes read go into `hash`. */
  function* readInto(path: string, offset: number, size: number, hash: Hash, source: string): Generator<Buffer> {
    const fd = openSync(path, 'r');
    try {
      for (let pos = 0; pos < size; ) {
        yield* room();
        const n = readSync(fd, block, at, Math.min(block.length - at, size - pos), offset + pos);
        if (n === 0) throw new Error(`the captured copy of "${source}" has ${pos} bytes, ${size} were expected; the staging folder may have been changed`);
        hash.update(block.subarray(at, at + n));
        judge(at, at + n);
        at += n;
        pos += n;
        progress.bytes += n;
      }
    } finally {
      closeSync(fd);
    }
  }
  const progress = { bytes: 0, files: 0 };
  const tarAt = () => count.tar + at;
  const owners = ownerNames();
  const hashOf = new Map<string, string | null>();
  for (const e of entries) {
    // An entry not ready yet (a database still being copied): the consumer awaits it.
    if (e instanceof Promise) {
      yield e;
      continue;
    }
    ctx.signal?.throwIfAborted();
    const mtimeS = Math.floor(e.mtimeMs / 1000);
    const offset = tarAt();
    const path = e.archiveBytes ?? Buffer.from(e.archivePath, 'utf8');
    const link = e.linkBytes ?? (e.linkTarget !== undefined ? Buffer.from(e.linkTarget, 'utf8') : undefined);
    const type = tarType(e);
    const hasData = type === '0';
    if (hasData && !e.content) throw new Error(`internal: "${e.source}" reached the stream without captured content`);
    const c = e.content;
    const sparse = c?.kind === 'file' ? c.sparse : undefined;
    const map = sparse ? encodeSparseMap(sparse) : null;
    const dataBytes = sparse ? sparse.reduce((s, [, l]) => s + l, 0) : e.size;
    const stored = hasData ? (map ? map.length + dataBytes : e.size) : 0;
    const uname = owners.user(e.uid);
    const gname = owners.group(e.gid);
    yield* put(encodeHeader({ path, type, stored, mode: e.mode, mtime: mtimeS, uid: e.uid, gid: e.gid, uname, gname, linkpath: link, ...(map ? { sparseSize: e.size } : {}) }));
    let sha256: string | null = null;
    verdict = null;
    if (hasData && c) {
      if (map) yield* put(map);
      const hash = createHash('sha256');
      if (c.kind === 'memory') {
        if (c.data.length !== dataBytes) throw new Error(`the captured copy of "${e.source}" has ${c.data.length} bytes, ${dataBytes} were expected`);
        hash.update(c.data);
        yield* put(c.data, true);
        progress.bytes += c.data.length;
        // Memory captures are released as soon as they are streamed.
        e.content = null;
      } else if (!sparse) {
        yield* readInto(c.path, c.offset ?? 0, dataBytes, hash, e.source);
      } else {
        // The staging file holds the data segments back to back; the hash is of the file's bytes, holes as zeros.
        let logical = 0;
        let staged = 0;
        for (const [segAt, len] of sparse) {
          hashZeros(hash, segAt - logical);
          yield* readInto(c.path, staged, len, hash, e.source);
          staged += len;
          logical = segAt + len;
        }
        hashZeros(hash, e.size - logical);
      }
      yield* zeros((BLOCK - (stored % BLOCK)) % BLOCK);
      sha256 = hash.digest('hex');
    } else if (e.hardlink) {
      sha256 = hashOf.get(link?.toString('latin1') ?? '') ?? null;
    }
    if (e.inode && !e.hardlink) hashOf.set(path.toString('latin1'), sha256);
    // Files and databases only: the run's one file count (folders and links are not counted).
    if (e.kind === 'file' || e.kind === 'sqlite') progress.files++;
    ctx.onProgress(progress.bytes, progress.files, e.source);
    out({
      path: e.archivePath,
      ...(e.archiveBytes ? { pathBytes: e.archiveBytes.toString('base64') } : {}),
      kind: e.kind,
      size: e.size,
      mode: e.mode,
      mtime: new Date(mtimeS * 1000).toISOString(),
      sha256,
      ...(e.linkTarget !== undefined ? { linkTarget: e.linkTarget } : {}),
      ...(e.linkBytes ? { linkBytes: e.linkBytes.toString('base64') } : {}),
      ...(e.hardlink ? { hardlink: true } : {}),
      ...(map ? { sparse: true } : {}),
      uid: e.uid,
      gid: e.gid,
      ...(uname ? { uname } : {}),
      ...(gname ? { gname } : {}),
      source: e.source,
      ...(e.sourcePath ? { sourceBytes: e.sourcePath.toString('base64') } : {}),
      offset,
      ...(e.unsettled ? { unsettled: e.unsettled } : {}),
    });
  }
  yield* put(END_OF_ARCHIVE);
  count.tar += at;
  if (at > 0) yield block.subarray(0, at);
}
