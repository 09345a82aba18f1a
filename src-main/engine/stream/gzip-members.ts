import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import { gzip, constants as zlib } from 'node:zlib';
import type { ManifestMember } from '../manifest/manifest.js';

const gzipAsync = promisify(gzip);

/** Tar bytes per gzip member: small enough to reach one file fast, big enough to compress well. */
export const MEMBER_SIZE = 1024 * 1024;

export interface MemberIndex {
  members: ManifestMember[];
  /** Compressed bytes so far. */
  stored: number;
}

/**
 * The tar stream cut into blocks of `memberSize` bytes, each compressed as an independent gzip
 * member on zlib's thread pool (several at once: all cores), yielded in order. The members
 * concatenated are one valid gzip stream (`gzip -d`, `tar -xz` read it as one); each one's place is
 * recorded in `index` (its volume, its offset there, and the tar offset it starts at) so a
 * restore can start decompressing at any member.
 */
export async function* gzipMembers(
  tar: AsyncIterable<Buffer>,
  index: MemberIndex,
  volumeSize: number,
  memberSize = MEMBER_SIZE,
  parallel = Math.max(2, availableParallelism()),
): AsyncGenerator<Buffer> {
  const queue: Promise<Buffer>[] = [];
  let held: Buffer[] = [];
  let heldBytes = 0;
  let tarAt = 0;
  const start = (block: Buffer) => {
    const p = gzipAsync(block, { level: zlib.Z_BEST_SPEED, memLevel: 9 });
    p.catch(() => undefined); // awaited in order below
    queue.push(p);
  };
  const finishOne = async (): Promise<Buffer> => {
    const out = await (queue.shift() as Promise<Buffer>);
    index.members.push({ volume: Math.floor(index.stored / volumeSize) + 1, offset: index.stored % volumeSize, tar: tarAt });
    tarAt += memberSize;
    index.stored += out.length;
    return out;
  };
  for await (const chunk of tar) {
    let at = 0;
    while (at < chunk.length) {
      const n = Math.min(memberSize - heldBytes, chunk.length - at);
      held.push(chunk.subarray(at, at + n));
      heldBytes += n;
      at += n;
      if (heldBytes === memberSize) {
        start(held.length === 1 ? (held[0] as Buffer) : Buffer.concat(held, heldBytes));
        held = [];
        heldBytes = 0;
        while (queue.length >= parallel) yield await finishOne();
      }
    }
  }
  if (heldBytes > 0) start(Buffer.concat(held, heldBytes));
  while (queue.length > 0) yield await finishOne();
}
