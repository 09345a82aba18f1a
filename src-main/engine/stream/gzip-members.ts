import { promisify } from 'node:util';
import { crc32, deflateRaw, gzip, constants as zlib } from 'node:zlib';

const gzipAsync = promisify(gzip);
const deflateRawAsync = promisify(deflateRaw);

/** Tar bytes per gzip member: small enough to reach one file fast, big enough to compress well. */
export const MEMBER_SIZE = 1024 * 1024;

/** [from, to) byte ranges of a block; ascending, not overlapping. */
export type Ranges = readonly (readonly [number, number])[];

const OPTIONS = { level: zlib.Z_BEST_SPEED, memLevel: 9 } as const;
const HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
/** A final, empty stored block: ends the deflate data of a member built from pieces. */
const LAST_BLOCK = Buffer.from([1, 0, 0, 0xff, 0xff]);
const STORED_MAX = 65535;

/** `bytes` as non-final deflate stored blocks (each up to 65,535 bytes behind a 5-byte head). */
export function storedBlocks(bytes: Buffer): Buffer[] {
  const parts: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += STORED_MAX) {
    const n = Math.min(STORED_MAX, bytes.length - at);
    const head = Buffer.allocUnsafe(5);
    head[0] = 0;
    head.writeUInt16LE(n, 1);
    head.writeUInt16LE(n ^ 0xffff, 3);
    parts.push(head, bytes.subarray(at, at + n));
  }
  return parts;
}

/**
 * One block of the tar stream as an independent gzip member, compressed on zlib's thread pool
 * (several at once: all cores). Members concatenated are one valid gzip stream (`gzip -d`,
 * `tar -xz` read them as one); the manifest records where each starts so a restore can start
 * decompressing at any member. Level 1 (the fastest), memLevel 9 (faster than the default 8 and
 * a little smaller), the default strategy (Z_RLE and Huffman-only are no faster here and twice
 * the size). `expect` sizes the output buffer: about what the member before needed, so one
 * buffer usually holds the member (one trip to the thread pool; zlib's default 16 KiB chunks cost
 * a round trip and a callback every 16 KiB) without allocating the block's full size for output
 * that is a third of it (each allocation counts towards the next garbage collection).
 *
 * `stored`: stretches judged incompressible (incompressible.ts) go in as deflate stored blocks;
 * the stretches between them are compressed at level 1, each ended by a sync flush so the
 * pieces join into one deflate stream, closed by an empty final block; the trailer's CRC-32 is of
 * the whole block. Still one standard gzip member.
 */
export async function gzipMember(block: Buffer, expect = block.length, stored: Ranges = []): Promise<Buffer> {
  if (stored.length === 0) {
    const chunkSize = Math.min(block.length + (block.length >> 3) + 1024, Math.max(64 * 1024, expect + (expect >> 3) + 16 * 1024));
    return gzipAsync(block, { ...OPTIONS, chunkSize });
  }
  if (stored.length === 1 && stored[0]?.[0] === 0 && stored[0][1] === block.length) {
    return gzipAsync(block, { level: zlib.Z_NO_COMPRESSION, memLevel: 9, chunkSize: block.length + (block.length >> 4) + 1024 });
  }
  const pieces: (Buffer[] | Promise<Buffer>)[] = [];
  let at = 0;
  const packed = (from: number, to: number) => {
    const run = block.subarray(from, to);
    const p = deflateRawAsync(run, { ...OPTIONS, finishFlush: zlib.Z_SYNC_FLUSH, chunkSize: Math.max(16 * 1024, run.length + (run.length >> 3) + 1024) });
    p.catch(() => undefined); // awaited below
    pieces.push(p);
  };
  for (const [from, to] of stored) {
    if (from > at) packed(at, from);
    pieces.push(storedBlocks(block.subarray(from, to)));
    at = to;
  }
  if (at < block.length) packed(at, block.length);
  const trailer = Buffer.allocUnsafe(8);
  trailer.writeUInt32LE(crc32(block), 0);
  trailer.writeUInt32LE(block.length >>> 0, 4);
  const parts: Buffer[] = [HEADER];
  for (const p of pieces) parts.push(...(Array.isArray(p) ? p : [await p]));
  parts.push(LAST_BLOCK, trailer);
  return Buffer.concat(parts);
}

/** Members in order for one stream: the next output buffer is sized from the last finished member. */
export class MemberPacker {
  private lastSize: number;
  constructor(memberSize: number) {
    this.lastSize = memberSize;
  }
  pack(block: Buffer, stored: Ranges): Promise<Buffer> {
    const p = gzipMember(block, this.lastSize, stored);
    p.catch(() => undefined); // awaited in order by the caller
    return p;
  }
  done(member: Buffer): void {
    this.lastSize = member.length;
  }
}
