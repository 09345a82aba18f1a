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
 * the size). The output buffer holds the whole member: one trip to the thread pool per member
 * (zlib's default 16 KiB chunks cost a round trip and a callback every 16 KiB).
 */
export function gzipMember(block: Buffer): Promise<Buffer> {
  const p = gzipAsync(block, { level: zlib.Z_BEST_SPEED, memLevel: 9, chunkSize: block.length + (block.length >> 3) + 1024 });
  p.catch(() => undefined); // awaited in order by the caller
  return p;
}
