import { promisify } from 'node:util';
import { deflateRaw, gzip, constants as zlib } from 'node:zlib';

const gzipAsync = promisify(gzip);
const deflateRawAsync = promisify(deflateRaw);

/** Tar bytes per gzip member: small enough to reach one file fast, big enough to compress well. */
export const MEMBER_SIZE = 1024 * 1024;

/**
 * Slices of a block compressed to judge it: this many, each this long, spread evenly over the
 * block (1 MiB: a slice every 33 KiB, 1/16 of the block compressed). A compressible stretch
 * longer than the gap between slices (under 1/32 of the block) always meets one.
 */
const PROBE_SLICES = 32;
const PROBE_SLICE = 2 * 1024;

/**
 * Incompressible: level 1 saves less than 1/32 of the bytes (already-compressed data: JPEG, PDF
 * streams, ZIP, media, encrypted). Such bytes are stored, not compressed: deflate's stored blocks
 * cost a copy and the CRC-32, level 1 on them costs as much CPU as on text for nothing.
 */
export const incompressible = (inBytes: number, outBytes: number): boolean => inBytes > 0 && outBytes >= inBytes - (inBytes >> 5);

/** The slices of `block` a probe compresses (views, not copies). */
export function probeSlices(block: Buffer): Buffer[] {
  if (block.length <= PROBE_SLICES * PROBE_SLICE) return [block];
  const step = Math.floor((block.length - PROBE_SLICE) / (PROBE_SLICES - 1));
  return Array.from({ length: PROBE_SLICES }, (_, i) => block.subarray(i * step, i * step + PROBE_SLICE));
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
 * `probe` (set by the caller when the member before came out incompressible): slices spread over
 * the block are compressed first, and only when every slice is incompressible is the block
 * stored (level 0: deflate stored blocks, still a standard gzip member). A block with any
 * compressible slice is compressed whole; a block after a compressible one is never probed.
 */
export async function gzipMember(block: Buffer, expect = block.length, probe = false): Promise<Buffer> {
  const level = await memberLevel(block, probe);
  const guess = level === zlib.Z_NO_COMPRESSION ? block.length : expect;
  const chunkSize = Math.min(block.length + (block.length >> 3) + 1024, Math.max(64 * 1024, guess + (guess >> 3) + 16 * 1024));
  return gzipAsync(block, { level, memLevel: 9, chunkSize });
}

/** The zlib level for `block`: 0 (stored) when probed and every probed byte is incompressible, else 1. */
export async function memberLevel(block: Buffer, probe: boolean): Promise<number> {
  if (!probe) return zlib.Z_BEST_SPEED;
  // Each slice on its own (on the thread pool): one compressible slice is enough to compress the block.
  const sizes = await Promise.all(probeSlices(block).map((s) => deflateRawAsync(s, { level: zlib.Z_BEST_SPEED, memLevel: 9, chunkSize: s.length + 1024 }).then((p) => [s.length, p.length] as const)));
  return sizes.every(([i, o]) => incompressible(i, o)) ? zlib.Z_NO_COMPRESSION : zlib.Z_BEST_SPEED;
}

/**
 * Members in order for one stream: remembers the last finished member's size (the next output
 * buffer's size) and whether it came out incompressible (the next block is probed then).
 */
export class MemberPacker {
  private lastSize: number;
  private probeNext = false;
  constructor(memberSize: number) {
    this.lastSize = memberSize;
  }
  pack(block: Buffer): Promise<Buffer> {
    const p = gzipMember(block, this.lastSize, this.probeNext);
    p.catch(() => undefined); // awaited in order by the caller
    return p;
  }
  /** The member made of `tarBytes` came out `member.length` bytes. */
  done(tarBytes: number, member: Buffer): void {
    this.lastSize = member.length;
    this.probeNext = incompressible(tarBytes, member.length - GZIP_OVERHEAD);
  }
}

/** gzip header and trailer around the deflate data (10 + 8 bytes). */
const GZIP_OVERHEAD = 18;
