import { Worker } from 'node:worker_threads';

/**
 * SHA-256 on a second thread, so one core hashes volumes while the other makes or parses the tar.
 * Bytes go over through a fixed ring of shared slots (memory stays flat: `slots × slotSize`);
 * `update` copies into a free slot and waits only when all slots are still being hashed.
 * `hashFile` has the thread read and hash a whole file itself (for re-reading volumes).
 * The worker is inline source (no file to bundle next to the backup worker).
 */
const SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { open } = require('node:fs/promises');
const hashes = new Map();
let slots = [];
let queue = Promise.resolve();
const { constants } = require('node:fs');
async function hashFile(m) {
  // Volumes are HotBackup's own files: never follow a link planted in their place.
  const fh = await open(m.path, constants.O_RDONLY | (constants.O_NOFOLLOW || 0) | (constants.O_NONBLOCK || 0)).catch((err) => {
    if (err && err.code === 'ELOOP') err.message = m.path + ' is a symbolic link, not a volume HotBackup wrote: it is left alone';
    throw err;
  });
  if (!(await fh.stat()).isFile()) {
    await fh.close();
    throw Object.assign(new Error(m.path + ' is not a regular file, not a volume HotBackup wrote'), { code: 'ENOTOWNFILE' });
  }
  try {
    const hash = createHash('sha256');
    const buf = Buffer.allocUnsafe(m.chunk);
    let size = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      hash.update(buf.subarray(0, bytesRead));
      size += bytesRead;
    }
    return { size, sha256: hash.digest('hex') };
  } finally {
    await fh.close();
  }
}
parentPort.on('message', (m) => {
  if (m.type === 'init') { slots = m.slots.map((s) => Buffer.from(s)); return; }
  if (m.type === 'begin') { hashes.set(m.id, createHash('sha256')); return; }
  if (m.type === 'update') {
    hashes.get(m.id).update(slots[m.slot].subarray(0, m.length));
    parentPort.postMessage({ type: 'free', slot: m.slot });
    return;
  }
  if (m.type === 'digest') {
    const h = hashes.get(m.id);
    hashes.delete(m.id);
    parentPort.postMessage({ type: 'done', id: m.id, value: h.digest('hex') });
    return;
  }
  if (m.type === 'file') {
    queue = queue.then(() => hashFile(m)).then(
      (value) => parentPort.postMessage({ type: 'done', id: m.id, value }),
      (err) => parentPort.postMessage({ type: 'done', id: m.id, error: { message: String(err && err.message), code: err && err.code } }),
    );
  }
});
`;

export interface FileHash {
  size: number;
  sha256: string;
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
}

export class HashThread {
  private readonly worker: Worker;
  private readonly slots: Buffer[];
  private readonly free: number[];
  private readonly waiting: (() => void)[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: Error | null = null;

  constructor(
    slotCount = 4,
    private readonly slotSize = 4 * 1024 * 1024,
  ) {
    const shared = Array.from({ length: slotCount }, () => new SharedArrayBuffer(slotSize));
    this.slots = shared.map((s) => Buffer.from(s));
    this.free = shared.map((_, i) => i);
    this.worker = new Worker(SOURCE, { eval: true });
    this.worker.postMessage({ type: 'init', slots: shared });
    this.worker.on('message', (m: { type: string; slot?: number; id?: number; value?: unknown; error?: { message: string; code?: string } }) => {
      if (m.type === 'free') {
        this.free.push(m.slot as number);
        this.waiting.shift()?.();
      } else if (m.type === 'done') {
        const p = this.pending.get(m.id as number);
        this.pending.delete(m.id as number);
        if (m.error) p?.reject(Object.assign(new Error(m.error.message), { code: m.error.code }));
        else p?.resolve(m.value);
      }
    });
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', () => this.fail(new Error('the hashing thread stopped')));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const p of this.pending.values()) p.reject(this.failure);
    this.pending.clear();
    for (const w of this.waiting.splice(0)) w();
  }

  /** Start a SHA-256; feed it with `update`, finish it with `digest`. */
  begin(): number {
    const id = this.nextId++;
    this.worker.postMessage({ type: 'begin', id });
    return id;
  }

  /** Hands `bytes` over (copied); resolves once copied, so the caller may reuse `bytes` then. */
  async update(id: number, bytes: Uint8Array): Promise<void> {
    for (let at = 0; at < bytes.length; ) {
      while (this.free.length === 0 && !this.failure) await new Promise<void>((r) => this.waiting.push(r));
      if (this.failure) throw this.failure;
      const slot = this.free.pop() as number;
      const length = Math.min(this.slotSize, bytes.length - at);
      (this.slots[slot] as Buffer).set(bytes.subarray(at, at + length));
      this.worker.postMessage({ type: 'update', id, slot, length });
      at += length;
    }
  }

  digest(id: number): Promise<string> {
    return this.call(id, { type: 'digest', id }) as Promise<string>;
  }

  /** Read the file at `path` on the hashing thread and hash it (files are read one at a time, in order). */
  hashFile(path: string, chunk = 1024 * 1024): Promise<FileHash> {
    const id = this.nextId++;
    return this.call(id, { type: 'file', id, path, chunk }) as Promise<FileHash>;
  }

  /** Stops the thread; whatever is still waiting on it fails. */
  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    this.fail(new Error('the hashing thread was closed'));
    await this.worker.terminate();
  }

  private call(id: number, message: object): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage(message);
    });
  }
}
