import { promisify } from 'node:util';
import { gzip, constants as zlib } from 'node:zlib';

const gzipAsync = promisify(gzip);

/** Tar bytes per gzip member: small enough to reach one file fast, big enough to compress well. */
export const MEMBER_SIZE = 1024 * 1024;

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
 */
export function gzipMember(block: Buffer, expect = block.length): Promise<Buffer> {
  const chunkSize = Math.min(block.length + (block.length >> 3) + 1024, Math.max(64 * 1024, expect + (expect >> 3) + 16 * 1024));
  const p = gzipAsync(block, { level: zlib.Z_BEST_SPEED, memLevel: 9, chunkSize });
  p.catch(() => undefined); // awaited in order by the caller
  return p;
}
