import { createHash } from 'node:crypto';
import { openOwnFile } from '../fs/no-follow.js';
import { join } from 'node:path';
import type { FileHash, HashThread } from '../stream/hash-thread.js';
import type { VolumeInfo } from '../stream/volume-writer.js';

export interface VolumeCheck {
  name: string;
  expectedSize: number;
  expectedSha256: string;
  actualSize: number | null;
  actualSha256: string | null;
  /** null when the volume is as the manifest says. */
  problem: string | null;
}

export interface VolumeReadState {
  checks: VolumeCheck[];
  /** The volume being read now (for naming where an entry lies). */
  current: string | null;
  bytesRead: number;
}

const CHUNK = 256 * 1024;

/**
 * The volumes' bytes in manifest order, hashing each as it goes. A missing volume ends the
 * stream there (nothing after it can be parsed); each volume's verdict lands in `state.checks`.
 * With `hasher`, each volume is read a second time and hashed on that thread, in parallel with
 * whatever consumes these bytes on this one; its size must then agree with this read too.
 */
export async function* readVolumes(dir: string, volumes: readonly VolumeInfo[], state: VolumeReadState, signal?: AbortSignal, hasher?: HashThread): AsyncGenerator<Buffer> {
  for (const v of volumes) {
    signal?.throwIfAborted();
    const check: VolumeCheck = { name: v.name, expectedSize: v.size, expectedSha256: v.sha256, actualSize: null, actualSha256: null, problem: null };
    state.checks.push(check);
    state.current = v.name;
    let handle;
    try {
      handle = await openOwnFile(join(dir, v.name));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      check.problem = code === 'ENOENT' ? 'missing' : code === 'ENOTOWNFILE' ? (err as Error).message : `cannot be read (${code})`;
      return;
    }
    const byThread = hasher?.hashFile(join(dir, v.name));
    byThread?.catch(() => undefined); // awaited in finally
    const hash = byThread ? null : createHash('sha256');
    let size = 0;
    try {
      for (;;) {
        // A fresh buffer per chunk: the parser downstream may keep slices of it.
        const buf = Buffer.allocUnsafe(CHUNK);
        const { bytesRead } = await handle.read(buf, 0, CHUNK, null);
        if (bytesRead === 0) break;
        const chunk = buf.subarray(0, bytesRead);
        hash?.update(chunk);
        size += bytesRead;
        state.bytesRead += bytesRead;
        yield chunk;
      }
    } finally {
      await handle.close();
      check.actualSize = size;
      let other: string | null = null;
      if (hash) check.actualSha256 = hash.digest('hex');
      else {
        try {
          const r = await (byThread as Promise<FileHash>);
          check.actualSha256 = r.sha256;
          if (r.size !== size) other = `changed while being read (${size} bytes, then ${r.size})`;
        } catch (err) {
          other = `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`;
        }
      }
      if (size !== v.size) check.problem = `size is ${size} bytes, the manifest says ${v.size}`;
      else if (other) check.problem = other;
      else if (check.actualSha256 !== v.sha256) check.problem = 'SHA-256 does not match the manifest (the volume is damaged)';
    }
  }
  state.current = null;
}
