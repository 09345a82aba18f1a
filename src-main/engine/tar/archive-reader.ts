import type { FileHandle } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createGunzip, gunzip } from 'node:zlib';
import { openOwnFile } from '../../base/no-follow.js';
import type { ManifestHead, ManifestMember } from '../manifest/manifest.js';
import type { VolumeInfo } from '../manifest/manifest.js';

const gunzipAsync = promisify(gunzip);

/** Tar bytes from `pos` on, or a stretch [pos, end) that could not be read and why. */
export type TarPiece = { pos: number; data: Buffer; problem?: undefined } | { pos: number; end: number; problem: string };

/** Where a backup's tar stream lies: its volumes, and (format 2, gzip) where each gzip member starts. */
export interface ArchiveLayout {
  dir: string;
  volumes: readonly VolumeInfo[];
  gzip: boolean;
  members: readonly ManifestMember[] | null;
  tarBytes: number | null;
}

export const layoutOf = (dir: string, m: ManifestHead): ArchiveLayout => ({
  dir,
  volumes: m.volumes,
  gzip: m.settings.compression === 'gzip',
  members: m.settings.compression === 'gzip' && Array.isArray(m.members) && m.members.length > 0 ? m.members : null,
  tarBytes: typeof m.totals?.tarBytes === 'number' ? m.totals.tarBytes : null,
});

const CHUNK = 1024 * 1024;
const MAX_CHUNK = 16 * CHUNK;

/** Reads stored (possibly compressed) bytes by their offset in the volumes laid end to end. */
export class StoredBytes {
  private readonly starts: number[] = [];
  readonly total: number;
  private readonly handles = new Map<number, Promise<FileHandle>>();

  constructor(private readonly layout: ArchiveLayout) {
    let at = 0;
    for (const v of layout.volumes) {
      this.starts.push(at);
      at += v.size;
    }
    this.total = at;
  }

  /** Index of the volume holding stored byte `pos`. */
  volumeAt(pos: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] as number) <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  globalOffset(m: ManifestMember): number {
    return (this.starts[m.volume - 1] ?? this.total) + m.offset;
  }

  /** End of volume `i` in stored bytes. */
  volumeEnd(i: number): number {
    return (this.starts[i] as number) + (this.layout.volumes[i] as VolumeInfo).size;
  }

  private handle(i: number): Promise<FileHandle> {
    let h = this.handles.get(i);
    if (!h) {
      const v = this.layout.volumes[i] as VolumeInfo;
      // A volume of another size than listed is damaged, even where the bytes asked for are there:
      // every reader (restore, restore-over, a single file) then says the same as Browse and verify.
      h = openOwnFile(join(this.layout.dir, v.name)).then(async (fh) => {
        const { size } = await fh.stat();
        if (size === v.size) return fh;
        await fh.close();
        throw Object.assign(new Error(`${v.name} has ${size} bytes, the manifest says ${v.size}`), { code: 'EVOLUMESIZE' });
      });
      h.catch(() => undefined);
      this.handles.set(i, h);
    }
    return h;
  }

  /**
   * Bytes [start, end) (into `into` when it is big enough, else a new buffer); throws naming the
   * volume when one is missing or shorter than the manifest says.
   */
  async read(start: number, end: number, into?: Buffer): Promise<Buffer> {
    const out = into && into.length >= end - start ? into.subarray(0, end - start) : Buffer.allocUnsafe(end - start);
    let at = start;
    while (at < end) {
      const i = this.volumeAt(at);
      const v = this.layout.volumes[i] as VolumeInfo;
      const n = Math.min(end, this.volumeEnd(i)) - at;
      let fh: FileHandle;
      try {
        fh = await this.handle(i);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new Error(code === 'ENOENT' ? `${v.name} is missing` : code === 'ENOTOWNFILE' || code === 'EVOLUMESIZE' ? (err as Error).message : `${v.name} cannot be read (${code ?? (err as Error).message})`);
      }
      const { bytesRead } = await fh.read(out, at - start, n, at - (this.starts[i] as number));
      if (bytesRead < n) throw new Error(`${v.name} is shorter than the manifest says`);
      at += n;
    }
    return out;
  }

  async close(): Promise<void> {
    const all = [...this.handles.values()];
    this.handles.clear();
    await Promise.allSettled(all.map(async (h) => (await h).close()));
  }
}

/**
 * The tar bytes in [from, to): read straight from the volumes (no compression), by decompressing
 * only the gzip members that hold them, several at once on zlib's thread pool (format 2), or by
 * decompressing from the start (format 1 gzip: one member). A stretch that cannot be read comes
 * as a problem piece and reading goes on after it where it can. `reuse`: the caller is done with
 * a piece's bytes when it asks for the next one, so uncompressed volumes are read into one buffer
 * again and again (no new buffer per megabyte, each one a step towards the next garbage collection).
 */
export async function* tarPieces(layout: ArchiveLayout, from: number, to: number, signal?: AbortSignal, reuse = false): AsyncGenerator<TarPiece> {
  const stored = new StoredBytes(layout);
  try {
    if (!layout.gzip) yield* plainPieces(stored, from, Math.min(to, stored.total), signal, reuse ? Buffer.allocUnsafe(CHUNK) : undefined);
    else if (layout.members) yield* memberPieces(stored, layout.members, layout.tarBytes ?? Number.MAX_SAFE_INTEGER, from, to, signal);
    else yield* sequentialPieces(stored, from, to, signal);
  } finally {
    await stored.close();
  }
}

async function* plainPieces(stored: StoredBytes, from: number, to: number, signal?: AbortSignal, into?: Buffer): AsyncGenerator<TarPiece> {
  for (let pos = from; pos < to; ) {
    signal?.throwIfAborted();
    const end = Math.min(to, pos + CHUNK, stored.volumeEnd(stored.volumeAt(pos)));
    try {
      yield { pos, data: await stored.read(pos, end, into) };
      pos = end;
    } catch (err) {
      const volEnd = Math.min(to, stored.volumeEnd(stored.volumeAt(pos)));
      yield { pos, end: volEnd, problem: (err as Error).message };
      pos = volEnd;
    }
  }
}

async function* memberPieces(stored: StoredBytes, members: readonly ManifestMember[], tarEnd: number, from: number, to: number, signal?: AbortSignal): AsyncGenerator<TarPiece> {
  let k = 0;
  while (k + 1 < members.length && (members[k + 1] as ManifestMember).tar <= from) k++;
  // Twice the cores: a member is read, then decompressed, on the thread pool; keep both stages busy.
  const parallel = 2 * Math.max(2, availableParallelism());
  // The compressed bytes are not needed once decompressed: their buffers are used again.
  const inputs: Buffer[] = [];
  const job = (i: number) => {
    const m = members[i] as ManifestMember;
    const next = members[i + 1];
    const tarStop = next ? next.tar : tarEnd;
    const p = (async (): Promise<TarPiece> => {
      try {
        // An output buffer of the member's size (as the index says, within reason): one trip to the thread pool.
        const chunkSize = Math.min(MAX_CHUNK, Math.max(64 * 1024, (next ? tarStop : m.tar + CHUNK) - m.tar));
        let input = inputs.pop();
        let data: Buffer;
        try {
          const packed = await stored.read(stored.globalOffset(m), next ? stored.globalOffset(next) : stored.total, input);
          // Too small a buffer is dropped; the bigger one just made takes its place once decompressed.
          if (packed.buffer !== input?.buffer) input = packed.length <= MAX_CHUNK ? packed : undefined;
          data = await gunzipAsync(packed, { chunkSize });
        } finally {
          if (input) inputs.push(input);
        }
        if (next && data.length !== tarStop - m.tar) throw new Error(`it holds ${data.length} bytes of tar, the index says ${tarStop - m.tar}`);
        return { pos: m.tar, data };
      } catch (err) {
        const v = stored.volumeAt(stored.globalOffset(m));
        return { pos: m.tar, end: tarStop, problem: `gzip member ${i + 1} (in volume ${v + 1}) cannot be read: ${(err as Error).message}` };
      }
    })();
    return p;
  };
  const queue: Promise<TarPiece>[] = [];
  let next = k;
  const inRange = (i: number) => i < members.length && (members[i] as ManifestMember).tar < to;
  while (queue.length < parallel && inRange(next)) queue.push(job(next++));
  while (queue.length > 0) {
    signal?.throwIfAborted();
    const piece = await (queue.shift() as Promise<TarPiece>);
    if (inRange(next)) queue.push(job(next++));
    yield piece;
  }
}

async function* sequentialPieces(stored: StoredBytes, from: number, to: number, signal?: AbortSignal): AsyncGenerator<TarPiece> {
  const gz = createGunzip();
  // Room again, or the reader stopped (an early end, a full drive where the bytes go): a feed
  // waiting only for 'drain' would wait forever once the stream is destroyed.
  const room = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        gz.off('drain', done);
        gz.off('close', done);
        resolve();
      };
      gz.on('drain', done);
      gz.on('close', done);
    });
  const feed = (async () => {
    for (let pos = 0; pos < stored.total && !gz.destroyed; ) {
      const end = Math.min(stored.total, pos + CHUNK);
      const data = await stored.read(pos, end);
      pos = end;
      if (gz.destroyed) return;
      if (!gz.write(data)) await room();
    }
    if (!gz.destroyed) gz.end();
  })();
  feed.catch((err: Error) => gz.destroy(err));
  let pos = 0;
  try {
    for await (const chunk of gz as AsyncIterable<Buffer>) {
      signal?.throwIfAborted();
      const end = pos + chunk.length;
      if (end > from) yield { pos, data: chunk };
      pos = end;
      if (pos >= to) break;
    }
  } catch (err) {
    yield { pos, end: Number.MAX_SAFE_INTEGER, problem: `the compressed stream cannot be read past tar byte ${pos}: ${(err as Error).message}` };
  } finally {
    gz.destroy();
    await feed.catch(() => undefined);
  }
}
