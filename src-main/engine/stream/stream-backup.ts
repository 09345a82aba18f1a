import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip, constants as zlib } from 'node:zlib';
import type { EngineSettings } from '../../../shared/settings.js';
import type { ManifestEntry } from '../manifest/manifest.js';
import type { CapturedEntry } from '../snapshot/captured-entry.js';
import { END_OF_ARCHIVE, encodeTarHeader, paddingFor } from './tar-headers.js';
import { VolumeWriter, type VolumeInfo } from './volume-writer.js';

export interface StreamContext {
  backupDir: string;
  settings: EngineSettings;
  signal?: AbortSignal;
  onProgress(bytesDone: number, filesDone: number, current: string | null): void;
  onVolume?(v: VolumeInfo): void;
}

export interface StreamResult {
  entries: ManifestEntry[];
  volumes: VolumeInfo[];
  /** Bytes of the tar stream before compression. */
  tarBytes: number;
}

const tarType = { file: 'File', sqlite: 'File', directory: 'Directory', symlink: 'SymbolicLink' } as const;

/** The tar bytes of all entries, generated lazily so only one chunk at a time is in memory. */
const BATCH = 1024 * 1024;

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

/** Joins the many small pieces (headers, small files, padding) into ~1 MiB writes. */
async function* batched(pieces: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let held: Buffer[] = [];
  let heldBytes = 0;
  for await (const p of pieces) {
    if (p.length >= BATCH && heldBytes === 0) {
      yield p;
      continue;
    }
    held.push(p);
    heldBytes += p.length;
    if (heldBytes >= BATCH) {
      yield Buffer.concat(held, heldBytes);
      held = [];
      heldBytes = 0;
    }
  }
  if (heldBytes) yield Buffer.concat(held, heldBytes);
}

async function* tarStream(entries: CapturedEntry[], out: ManifestEntry[], ctx: StreamContext, count: { tar: number }): AsyncGenerator<Buffer> {
  let bytes = 0;
  let files = 0;
  const emit = (b: Buffer) => {
    count.tar += b.length;
    return b;
  };
  for (const e of entries) {
    ctx.signal?.throwIfAborted();
    const mtime = new Date(Math.floor(e.mtimeMs / 1000) * 1000);
    const offset = count.tar;
    yield emit(encodeTarHeader({ path: e.archivePath, type: tarType[e.kind], size: e.size, mode: e.mode, mtime, linkpath: e.linkTarget }));
    let sha256: string | null = null;
    if ((e.kind === 'file' || e.kind === 'sqlite') && !e.content) throw new Error(`internal: "${e.source}" reached the stream without captured content`);
    if (e.content) {
      const hash = createHash('sha256');
      let written = 0;
      const chunks = e.content.kind === 'memory' ? [e.content.data] : readStaged(e.content.path, e.size, e.content.offset ?? 0);
      for (const chunk of chunks) {
        const part = chunk.subarray(0, Math.max(0, e.size - written));
        hash.update(part);
        written += part.length;
        bytes += part.length;
        yield emit(part);
      }
      if (written !== e.size) throw new Error(`the captured copy of "${e.source}" has ${written} bytes, ${e.size} were expected; the staging folder may have been changed`);
      yield emit(paddingFor(e.size));
      sha256 = hash.digest('hex');
      // Memory captures are released as soon as they are streamed.
      if (e.content.kind === 'memory') e.content = null;
    }
    files++;
    ctx.onProgress(bytes, files, e.source);
    out.push({
      path: e.archivePath,
      kind: e.kind,
      size: e.size,
      mode: e.mode,
      mtime: mtime.toISOString(),
      sha256,
      ...(e.linkTarget !== undefined ? { linkTarget: e.linkTarget } : {}),
      source: e.source,
      offset,
      ...(e.unsettled ? { unsettled: e.unsettled } : {}),
    });
  }
  yield emit(END_OF_ARCHIVE);
}

/** "Streaming Files": one pax tar stream, gzip (fast) if set, cut into BACKUP.001, BACKUP.002, … */
export async function streamBackup(entries: CapturedEntry[], ctx: StreamContext): Promise<StreamResult> {
  const out: ManifestEntry[] = [];
  const count = { tar: 0 };
  const volumes = new VolumeWriter(ctx.backupDir, ctx.settings.volumeSize, ctx.onVolume);
  const source = Readable.from(batched(tarStream(entries, out, ctx, count)), { objectMode: false, highWaterMark: 4 * 1024 * 1024 });
  if (ctx.settings.compression === 'gzip') {
    await pipeline(source, createGzip({ level: zlib.Z_BEST_SPEED, chunkSize: 256 * 1024 }), volumes, { signal: ctx.signal });
  } else {
    await pipeline(source, volumes, { signal: ctx.signal });
  }
  return { entries: out, volumes: volumes.volumes, tarBytes: count.tar };
}
