import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { EngineSettings } from '../../../shared/settings.js';
import type { ManifestEntry, ManifestMember } from '../manifest/manifest.js';
import type { ManifestEntryWriter } from '../manifest/manifest-writer.js';
import { ownerNames } from '../plan/owner-names.js';
import type { CapturedEntry } from '../snapshot/captured-entry.js';
import { encodeHeader, encodeSparseMap, END_OF_ARCHIVE, paddingFor, type TarType } from '../tar/tar-header.js';
import { gzipMembers, MEMBER_SIZE, type MemberIndex } from './gzip-members.js';
import { VolumeWriter, type VolumeInfo } from './volume-writer.js';

export interface StreamContext {
  backupDir: string;
  settings: EngineSettings;
  signal?: AbortSignal;
  onProgress(bytesDone: number, filesDone: number, current: string | null): void;
  onVolume?(v: VolumeInfo): void;
  /** Tar bytes per gzip member (default 1 MiB; tests make it small to get many members). */
  memberSize?: number;
}

export interface StreamResult {
  /** Entries written to the manifest's entry list; files (hard links not counted) and their bytes. */
  entries: number;
  files: number;
  bytes: number;
  volumes: VolumeInfo[];
  /** Bytes of the tar stream before compression. */
  tarBytes: number;
  /** gzip: where each member starts (null without compression: the tar offset is the volume offset). */
  members: ManifestMember[] | null;
  memberSize: number | null;
}

const tarType = (e: CapturedEntry): TarType => (e.hardlink ? '1' : e.kind === 'directory' ? '5' : e.kind === 'symlink' ? '2' : '0');

const BATCH = 1024 * 1024;
const WRITE_BATCH = 4 * 1024 * 1024;
const ZEROS = Buffer.alloc(BATCH);

/**
 * A staged copy, read in chunks sized to what is left. Synchronous: this runs in the backup
 * worker; and a stream's fixed 1 MiB buffers for thousands of small files made the GC the bottleneck.
 */
function* readStaged(path: string, size: number, offset: number): Generator<Buffer> {
  const fd = openSync(path, 'r');
  try {
    for (let pos = 0; pos < size; ) {
      const buf = Buffer.allocUnsafe(Math.min(BATCH, size - pos));
      const n = readSync(fd, buf, 0, buf.length, offset + pos);
      if (n === 0) return;
      pos += n;
      yield n === buf.length ? buf : buf.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Joins pieces into writes of at least `size` bytes: the many small tar pieces (headers, small files,
 * padding) into ~1 MiB blocks, and the compressed members into ~4 MiB volume writes (each write is
 * a hop to the hashing thread and one to the thread pool; fewer hops keep a busy machine's latency
 * out of the run).
 */
async function* batched(pieces: AsyncIterable<Buffer>, size = BATCH): AsyncGenerator<Buffer> {
  let held: Buffer[] = [];
  let heldBytes = 0;
  for await (const p of pieces) {
    if (p.length >= size && heldBytes === 0) {
      yield p;
      continue;
    }
    held.push(p);
    heldBytes += p.length;
    if (heldBytes >= size) {
      yield Buffer.concat(held, heldBytes);
      held = [];
      heldBytes = 0;
    }
  }
  if (heldBytes) yield Buffer.concat(held, heldBytes);
}

function hashZeros(hash: Hash, n: number): void {
  for (let left = n; left > 0; left -= BATCH) hash.update(ZEROS.subarray(0, Math.min(BATCH, left)));
}

/** Where an entry's content is, as the chunks to store and the SHA-256 of the file's bytes (holes as zeros). */
function* contentOf(e: CapturedEntry, hash: Hash): Generator<Buffer> {
  const c = e.content;
  if (!c) return;
  if (c.kind === 'memory') {
    hash.update(c.data);
    yield c.data;
    return;
  }
  if (!c.sparse) {
    for (const chunk of readStaged(c.path, e.size, c.offset ?? 0)) {
      hash.update(chunk);
      yield chunk;
    }
    return;
  }
  let logical = 0;
  let staged = 0;
  for (const [at, len] of c.sparse) {
    hashZeros(hash, at - logical);
    for (const chunk of readStaged(c.path, len, staged)) {
      hash.update(chunk);
      yield chunk;
    }
    staged += len;
    logical = at + len;
  }
  hashZeros(hash, e.size - logical);
}

async function* tarStream(entries: Iterable<CapturedEntry>, out: (e: ManifestEntry) => void, ctx: StreamContext, count: { tar: number }): AsyncGenerator<Buffer> {
  let bytes = 0;
  let files = 0;
  const owners = ownerNames();
  const emit = (b: Buffer) => {
    count.tar += b.length;
    return b;
  };
  const hashOf = new Map<string, string | null>();
  for (const e of entries) {
    ctx.signal?.throwIfAborted();
    const mtimeS = Math.floor(e.mtimeMs / 1000);
    const offset = count.tar;
    const path = e.archiveBytes ?? Buffer.from(e.archivePath, 'utf8');
    const link = e.linkBytes ?? (e.linkTarget !== undefined ? Buffer.from(e.linkTarget, 'utf8') : undefined);
    const type = tarType(e);
    const hasData = type === '0';
    if (hasData && !e.content) throw new Error(`internal: "${e.source}" reached the stream without captured content`);
    const c = e.content;
    const map = c?.kind === 'file' && c.sparse ? encodeSparseMap(c.sparse) : null;
    const dataBytes = map && c?.kind === 'file' && c.sparse ? c.sparse.reduce((s, [, l]) => s + l, 0) : e.size;
    const stored = hasData ? (map ? map.length + dataBytes : e.size) : 0;
    const uname = owners.user(e.uid);
    const gname = owners.group(e.gid);
    yield emit(encodeHeader({ path, type, stored, mode: e.mode, mtime: mtimeS, uid: e.uid, gid: e.gid, uname, gname, linkpath: link, ...(map ? { sparseSize: e.size } : {}) }));
    let sha256: string | null = null;
    if (hasData) {
      if (map) yield emit(map);
      const hash = createHash('sha256');
      let written = 0;
      for (const chunk of contentOf(e, hash)) {
        const part = chunk.subarray(0, Math.max(0, dataBytes - written));
        written += part.length;
        bytes += part.length;
        yield emit(part);
      }
      if (written !== dataBytes) throw new Error(`the captured copy of "${e.source}" has ${written} bytes, ${dataBytes} were expected; the staging folder may have been changed`);
      yield emit(paddingFor(stored));
      sha256 = hash.digest('hex');
      // Memory captures are released as soon as they are streamed.
      if (c?.kind === 'memory') e.content = null;
    } else if (e.hardlink) {
      sha256 = hashOf.get(link?.toString('latin1') ?? '') ?? null;
    }
    if (e.inode && !e.hardlink) hashOf.set(path.toString('latin1'), sha256);
    files++;
    ctx.onProgress(bytes, files, e.source);
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
  yield emit(END_OF_ARCHIVE);
}

/**
 * "Streaming Files": one pax tar stream, cut into BACKUP.001, BACKUP.002, … With gzip, the tar is
 * compressed in independent members on all cores (see gzip-members.ts). Each entry's manifest line
 * goes to `manifest` as it is streamed.
 */
export async function streamBackup(entries: Iterable<CapturedEntry>, manifest: ManifestEntryWriter, ctx: StreamContext): Promise<StreamResult> {
  const totals = { files: 0, bytes: 0 };
  const out = (e: ManifestEntry) => {
    manifest.add(e);
    if ((e.kind === 'file' || e.kind === 'sqlite') && !e.hardlink) {
      totals.files++;
      totals.bytes += e.size;
    }
  };
  const count = { tar: 0 };
  const volumes = new VolumeWriter(ctx.backupDir, ctx.settings.volumeSize, ctx.onVolume);
  const tar = batched(tarStream(entries, out, ctx, count));
  const memberSize = ctx.memberSize ?? MEMBER_SIZE;
  const index: MemberIndex = { members: [], stored: 0 };
  const bytes = ctx.settings.compression === 'gzip' ? batched(gzipMembers(tar, index, ctx.settings.volumeSize, memberSize), WRITE_BATCH) : batched(tar, WRITE_BATCH);
  const source = Readable.from(bytes, { objectMode: false, highWaterMark: 4 * 1024 * 1024 });
  await pipeline(source, volumes, { signal: ctx.signal });
  const gz = ctx.settings.compression === 'gzip';
  return { entries: manifest.count, ...totals, volumes: volumes.volumes, tarBytes: count.tar, members: gz ? index.members : null, memberSize: gz ? memberSize : null };
}
