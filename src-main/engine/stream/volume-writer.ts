import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { HashThread } from './hash-thread.js';

import type { VolumeInfo } from '../manifest/manifest.js';

export type { VolumeInfo };

/** BACKUP.001 … BACKUP.999, then BACKUP.1000 …: at least three digits, numeric order. */
export const volumeName = (n: number): string => `BACKUP.${String(n).padStart(3, '0')}`;

/** Flush (fdatasync) every this many bytes while writing on, so the fsync at the end is short. */
const FLUSH_EVERY = 64 * 1024 * 1024;

/**
 * The byte stream cut at fixed offsets into volumes of `volumeSize` bytes (the last one shorter).
 * Each volume is hashed as written (on a second thread, while this one writes) and fsynced when
 * full, so commit has nothing left to flush. `write` one chunk at a time, then `finish` (or
 * `abort` on failure).
 */
export class VolumeWriter {
  readonly volumes: VolumeInfo[] = [];
  private handle: FileHandle | null = null;
  private hash = 0;
  private readonly hasher = new HashThread();
  private filled = 0;
  /** A flush started while writing goes on, so the fsync at the volume's end has little left. */
  private flushing: Promise<void> | null = null;
  private flushedAt = 0;

  constructor(
    private readonly dir: string,
    private readonly volumeSize: number,
    private readonly onVolume?: (v: VolumeInfo) => void,
  ) {}

  /** Resolves once `chunk` is written and handed to the hashing thread: the caller may reuse it then. */
  async write(chunk: Buffer): Promise<void> {
    let at = 0;
    while (at < chunk.length) {
      if (!this.handle) await this.openNext();
      const room = this.volumeSize - this.filled;
      const part = chunk.subarray(at, at + room);
      await this.hasher.update(this.hash, part);
      await this.handle!.write(part);
      this.filled += part.length;
      at += part.length;
      if (!this.flushing && this.filled - this.flushedAt >= FLUSH_EVERY) {
        this.flushedAt = this.filled;
        const h = this.handle!;
        this.flushing = h.datasync().finally(() => (this.flushing = null));
        this.flushing.catch(() => undefined); // awaited (and its error seen) at the volume's end
      }
      if (this.filled === this.volumeSize) await this.closeCurrent();
    }
  }

  /** The last volume closed and fsynced. An empty stream still makes one (empty) volume so a backup always has BACKUP.001. */
  async finish(): Promise<void> {
    try {
      if (!this.handle && this.volumes.length === 0) await this.openNext();
      await this.closeCurrent();
    } finally {
      await this.hasher.close();
    }
  }

  /** After a failure: the open volume closed, the hashing thread stopped. */
  async abort(): Promise<void> {
    const h = this.handle;
    this.handle = null;
    await Promise.allSettled([this.flushing, h?.close(), this.hasher.close()]);
  }

  private async openNext(): Promise<void> {
    const name = volumeName(this.volumes.length + 1);
    this.handle = await open(join(this.dir, name), 'wx');
    this.hash = this.hasher.begin();
    this.filled = 0;
    this.flushedAt = 0;
    this.volumes.push({ name, size: 0, sha256: '' });
  }

  private async closeCurrent(): Promise<void> {
    if (!this.handle) return;
    const h = this.handle;
    this.handle = null;
    const digest = this.hasher.digest(this.hash);
    digest.catch(() => undefined); // awaited below; a failed sync must not leave it unhandled
    try {
      await this.flushing;
      await h.sync();
    } finally {
      await h.close();
    }
    const v = this.volumes[this.volumes.length - 1] as VolumeInfo;
    v.size = this.filled;
    v.sha256 = await digest;
    this.onVolume?.(v);
  }
}
