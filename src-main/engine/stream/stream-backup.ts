import { availableParallelism } from 'node:os';
import type { EngineSettings } from '../../../shared/settings.js';
import type { ManifestEntry, ManifestMember } from '../manifest/manifest.js';
import type { ManifestEntryWriter } from '../manifest/manifest-writer.js';
import type { CapturedEntry } from '../snapshot/captured-entry.js';
import { MEMBER_SIZE, MemberPacker } from './gzip-members.js';
import { BlockPool, StoredMarks, tarBlocks } from './tar-blocks.js';
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

/** Bytes per volume write: each write is a hop to the hashing thread and one to the thread pool; fewer hops keep a busy machine's latency out of the run. */
const WRITE_BATCH = 4 * 1024 * 1024;

/**
 * "Streaming Files": one pax tar stream, cut into BACKUP.001, BACKUP.002, … The tar is made in
 * fixed blocks (tar-blocks.ts); with gzip each block is one independent member, several
 * compressed at once on all cores. The work overlaps: while one block is written (and hashed on
 * the hashing thread) the next ones are read, hashed and compressed. Each entry's manifest line
 * goes to `manifest` as it is streamed. A promise among `entries` (a database whose copy is still
 * being made) is awaited where it stands, so the entries before it are streamed meanwhile.
 */
export async function streamBackup(entries: Iterable<CapturedEntry | Promise<void>>, manifest: ManifestEntryWriter, ctx: StreamContext): Promise<StreamResult> {
  const totals = { files: 0, bytes: 0 };
  const out = (e: ManifestEntry) => {
    manifest.add(e);
    if ((e.kind === 'file' || e.kind === 'sqlite') && !e.hardlink) {
      totals.files++;
      totals.bytes += e.size;
    }
  };
  const count = { tar: 0 };
  const gz = ctx.settings.compression === 'gzip';
  const memberSize = ctx.memberSize ?? MEMBER_SIZE;
  const volumeSize = ctx.settings.volumeSize;
  const pool = new BlockPool(gz ? memberSize : WRITE_BATCH);
  const volumes = new VolumeWriter(ctx.backupDir, volumeSize, ctx.onVolume);
  const members: ManifestMember[] = [];
  // One write at a time, in order; the caller goes on making the next block meanwhile.
  let writing: Promise<void> = Promise.resolve();
  const write = async (buf: Buffer, then?: () => void) => {
    await writing;
    ctx.signal?.throwIfAborted();
    writing = volumes.write(buf).then(then);
    writing.catch(() => undefined); // seen at the next write or at the end
  };
  try {
    // gzip: file content judged incompressible is stored, not compressed (incompressible.ts).
    const marks = gz ? new StoredMarks() : undefined;
    const blocks = tarBlocks(entries, out, ctx, pool, count, marks);
    if (!gz) {
      for (const b of blocks) {
        if (b instanceof Promise) await b;
        else await write(b, () => pool.give(b));
      }
    } else {
      const parallel = Math.max(2, availableParallelism());
      const queue: { block: Buffer; packed: Promise<Buffer> }[] = [];
      let stored = 0;
      // Members are gathered into pooled write buffers (no new buffer per write).
      const batches = new BlockPool(WRITE_BATCH);
      let batch = batches.take();
      let batchBytes = 0;
      const flush = async () => {
        if (batchBytes === 0) return;
        const b = batch;
        const n = batchBytes;
        batch = batches.take();
        batchBytes = 0;
        await write(b.subarray(0, n), () => batches.give(b));
      };
      const packer = new MemberPacker(memberSize);
      const finishOne = async () => {
        const { block, packed } = queue.shift() as (typeof queue)[number];
        const member = await packed;
        packer.done(member);
        pool.give(block);
        members.push({ volume: Math.floor(stored / volumeSize) + 1, offset: stored % volumeSize, tar: members.length * memberSize });
        stored += member.length;
        if (batchBytes + member.length > WRITE_BATCH) await flush();
        if (member.length >= WRITE_BATCH) await write(member);
        else batchBytes += member.copy(batch, batchBytes);
      };
      for (const block of blocks) {
        if (block instanceof Promise) {
          // Waiting for a database copy: what is compressed so far is written meanwhile.
          while (queue.length > 0) await finishOne();
          await block;
          continue;
        }
        queue.push({ block, packed: packer.pack(block, marks?.take() ?? []) });
        while (queue.length >= parallel) await finishOne();
      }
      while (queue.length > 0) await finishOne();
      await flush();
    }
    await writing;
    await volumes.finish();
  } catch (err) {
    await writing.catch(() => undefined);
    await volumes.abort();
    throw err;
  }
  return { entries: manifest.count, ...totals, volumes: volumes.volumes, tarBytes: count.tar, members: gz ? members : null, memberSize: gz ? memberSize : null };
}
