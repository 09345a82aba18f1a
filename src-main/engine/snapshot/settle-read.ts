import { accessSync, closeSync, constants, fstatSync, lstatSync, openSync, readSync, writeSync, type BigIntStats } from 'node:fs';
import { copyFile, stat, unlink } from 'node:fs/promises';
import { setTimeout as pause } from 'node:timers/promises';
import type { FsPath } from '../fs/raw-path.js';
import { isRacilyClean, signatureChange, signatureOf, type FileSignature } from './file-signature.js';

import type { CapturedContent } from '../plan/plan-types.js';

export type { CapturedContent };

/** One append-only staging file for small files that no longer fit in memory: no file creation per file. */
export interface SpillFile {
  path: string;
  fd: number;
  size: number;
}

export type SettleResult =
  | { vanished: true }
  | {
      vanished: false;
      settled: boolean;
      /** Why the last attempt did not settle (null when settled). */
      reason: string | null;
      size: number;
      content: CapturedContent;
      attempts: number;
      method: 'clone' | 'read';
    };

export interface SettleOptions {
  attempts: number;
  /** Hold in memory when the file is at most this big; else append to `spill` up to `spillLimit`; else copy to `stagePath`. */
  memoryLimit: number;
  spill?: SpillFile;
  spillLimit?: number;
  stagePath: string;
  /** Stage only the data of the file (zero blocks become holes): no full-size staging copy. */
  sparse?: boolean;
  /** Shared across a run: null = not tried yet, false = the filesystem cannot clone. */
  clone: { supported: boolean | null };
  /** A change stamped this close to the read start needs a second look (coarse file times). */
  racyWindowMs?: number;
  onAttempt?(attempt: number, reason: string): void;
  onBytes?(n: number): void;
  signal?: AbortSignal;
  /** The walk found the file empty: when it still is, one lstat stands in for the read. */
  plannedEmpty?: boolean;
}

const CHUNK = 1024 * 1024;
const CLONE_UNSUPPORTED = new Set(['ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'ENOSYS', 'EINVAL', 'ENOTTY']);
const wallNs = () => BigInt(Date.now()) * 1_000_000n;
const code = (err: unknown) => (err as NodeJS.ErrnoException).code;

/** One scratch buffer for staging copies: reads here are synchronous, so nothing else uses it meanwhile. */
let scratch: Buffer | null = null;

/** Read exactly `size` bytes from the start into `into` (or in chunks to `sink`); fewer means the file shrank under us. */
function readExactly(fd: number, size: number, into: Buffer | null, sink: ((chunk: Buffer) => void) | null, onBytes?: (n: number) => void): number {
  let pos = 0;
  const buf = into ?? (scratch ??= Buffer.allocUnsafe(CHUNK));
  while (pos < size) {
    const at = into ? pos : 0;
    const bytesRead = readSync(fd, buf, at, Math.min(buf.length - at, size - pos), pos);
    if (bytesRead === 0) break;
    sink?.(buf.subarray(0, bytesRead));
    pos += bytesRead;
    onBytes?.(bytesRead);
  }
  return pos;
}

const SPARSE_BLOCK = 4096;
const ZEROS = Buffer.alloc(SPARSE_BLOCK);

/**
 * Copy only the non-zero 4 KiB blocks of a file to `out`, back to back, and return where they lie
 * ([offset, length] each, then [size, 0] when the file ends in a hole); null when there is no hole.
 * Node has no SEEK_HOLE, so holes are found as zero blocks (as GNU tar does without it): the
 * restored file has holes where the zeros were, and the same bytes.
 */
function readSparse(fd: number, size: number, out: number, onBytes?: (n: number) => void): [number, number][] | null {
  const buf = (scratch ??= Buffer.allocUnsafe(CHUNK));
  const map: [number, number][] = [];
  let pos = 0;
  while (pos < size) {
    const n = readSync(fd, buf, 0, Math.min(buf.length, size - pos), pos);
    if (n === 0) break;
    for (let at = 0; at < n; at += SPARSE_BLOCK) {
      const block = buf.subarray(at, Math.min(n, at + SPARSE_BLOCK));
      if (block.length === SPARSE_BLOCK ? block.equals(ZEROS) : block.every((c) => c === 0)) continue;
      writeSync(out, block);
      const last = map[map.length - 1];
      if (last && last[0] + last[1] === pos + at) last[1] += block.length;
      else map.push([pos + at, block.length]);
    }
    pos += n;
    onBytes?.(n);
  }
  if (map.length === 1 && map[0]?.[0] === 0 && map[0][1] === pos) return null;
  const last = map[map.length - 1];
  if (!last || last[0] + last[1] < pos) map.push([pos, 0]);
  return map;
}

interface ReadOnce {
  sig: FileSignature;
  size: number;
  content: CapturedContent;
  readStart: bigint;
}

/**
 * Open a file the walk planned as a regular file, as it is now: never through a symbolic link put
 * in its place (the run may read as root: a link to a file outside the data directory would bring
 * that file's bytes in under the planned name), never waiting on a named pipe (open() would block
 * the run for good). Null when it is gone or no longer a regular file: gone for this run.
 */
function openPlannedFile(source: FsPath): { fd: number; st: BigIntStats } | null {
  let fd: number;
  try {
    fd = openSync(source, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    if (NOT_A_FILE_NOW.has(code(err) ?? '')) return null;
    throw err;
  }
  // One fstat tells both: a regular file, and its signature as opened.
  let st: BigIntStats;
  try {
    st = fstatSync(fd, { bigint: true });
  } catch (err) {
    closeSync(fd);
    throw err;
  }
  if (!st.isFile()) {
    closeSync(fd);
    return null;
  }
  return { fd, st };
}
/** open() errors that mean the planned file is not there as a file now: gone, a link (ELOOP), a socket. */
const NOT_A_FILE_NOW = new Set(['ENOENT', 'ELOOP', 'ENXIO', 'ENOTDIR']);

// Synchronous on purpose: this runs in the backup worker, where blocking costs nobody, and a
// small file then takes a few syscalls instead of five thread-pool round trips.
function readOnce(source: FsPath, opts: SettleOptions): ReadOnce | null {
  const readStart = wallNs();
  const opened = openPlannedFile(source);
  if (opened === null) return null;
  const { fd } = opened;
  try {
    const sig = signatureOf(opened.st);
    const size = Number(sig.size);
    if (size <= opts.memoryLimit) {
      const data = Buffer.allocUnsafe(size);
      const got = readExactly(fd, size, data, null, opts.onBytes);
      return { sig, size, content: { kind: 'memory', data: data.subarray(0, got) }, readStart };
    }
    if (opts.spill && size <= (opts.spillLimit ?? 0)) {
      const spill = opts.spill;
      const offset = spill.size;
      // Reserve the room first: a retry appends a fresh copy rather than overwriting this one.
      spill.size += size;
      let at = offset;
      readExactly(fd, size, null, (c) => { at += writeSync(spill.fd, c, 0, c.length, at); }, opts.onBytes);
      return { sig, size, content: { kind: 'file', path: spill.path, offset }, readStart };
    }
    // Staging lives in the HotBackup folder: never written through a link planted there.
    const out = openSync(opts.stagePath, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | (constants.O_NOFOLLOW ?? 0), 0o600);
    try {
      if (opts.sparse) {
        const sparse = readSparse(fd, size, out, opts.onBytes);
        return { sig, size, content: { kind: 'file', path: opts.stagePath, ...(sparse ? { sparse } : {}) }, readStart };
      }
      readExactly(fd, size, null, (c) => { writeSync(out, c); }, opts.onBytes);
    } finally {
      closeSync(out);
    }
    return { sig, size, content: { kind: 'file', path: opts.stagePath }, readStart };
  } finally {
    closeSync(fd);
  }
}

const sameBytes = (a: CapturedContent, b: CapturedContent) => a.kind === 'memory' && b.kind === 'memory' && a.data.equals(b.data);

/**
 * Capture one version of a file that others may be writing: a copy-on-write clone where the
 * filesystem supports it, else read exactly its size and re-stat; a change means another attempt.
 */
export async function settleRead(source: FsPath, opts: SettleOptions): Promise<SettleResult> {
  if (opts.plannedEmpty) {
    const empty = stillEmpty(source);
    if (empty) return empty;
  }
  const windowNs = BigInt(opts.racyWindowMs ?? 20) * 1_000_000n;
  if (opts.clone.supported !== false && !opts.sparse) {
    const cloned = await tryClone(source, opts);
    if (cloned) return cloned;
  }
  let reason = 'not read';
  let last: ReadOnce | null = null;
  for (let attempt = 1; attempt <= opts.attempts; attempt++) {
    opts.signal?.throwIfAborted();
    last = readOnce(source, opts);
    if (!last) return { vanished: true };
    let after: FileSignature;
    try {
      after = signatureOf(lstatSync(source, { bigint: true }));
    } catch (err) {
      if (code(err) === 'ENOENT') return { vanished: true };
      throw err;
    }
    const change = signatureChange(last.sig, after) ?? (Number(after.size) !== last.size ? 'shrank while being read' : null);
    const gotAll = last.content.kind === 'file' || last.content.data.length === last.size;
    if (!change && gotAll) {
      if (!isRacilyClean(after, last.readStart, windowNs)) return done(last, attempt, true, null);
      // Changed just before we read: its time stamp cannot vouch for the bytes, so compare a second read.
      const again = readOnce(source, opts);
      if (again && sameBytes(last.content, again.content) && !signatureChange(last.sig, again.sig)) return done(last, attempt, true, null);
      if (last.content.kind === 'file') await pause(opts.racyWindowMs ?? 20); // too big to compare: wait until the stamp is old enough
      reason = 'changed moments before it was read';
    } else {
      reason = change ?? 'shrank while being read';
    }
    opts.onAttempt?.(attempt, reason);
  }
  if (!last) return { vanished: true };
  return done(last, opts.attempts, false, reason);
}

const NO_BYTES = Buffer.alloc(0);

/**
 * An empty file has no bytes that a writer could tear: a regular file of size 0 at one lstat is
 * one version of it (open, fstat, close and a second stat would say no more). Still checked for
 * read permission, so an unreadable file is skipped as when it is opened. Null: no longer empty.
 */
function stillEmpty(source: FsPath): SettleResult | null {
  const st = lstatSync(source, { throwIfNoEntry: false });
  if (!st) return { vanished: true };
  if (!st.isFile() || st.size !== 0) return null;
  try {
    accessSync(source, constants.R_OK);
  } catch (err) {
    if (code(err) === 'ENOENT') return { vanished: true };
    throw err;
  }
  return { vanished: false, settled: true, reason: null, size: 0, content: { kind: 'memory', data: NO_BYTES }, attempts: 1, method: 'read' };
}

function done(r: ReadOnce, attempts: number, settled: boolean, reason: string | null): SettleResult {
  const size = r.content.kind === 'memory' ? r.content.data.length : r.size;
  return { vanished: false, settled, reason, size, content: r.content, attempts, method: 'read' };
}

async function tryClone(source: FsPath, opts: SettleOptions): Promise<SettleResult | null> {
  // Cloned from the file opened as planned (Linux: its /proc/self/fd link), never through a link put in its place.
  const linux = process.platform === 'linux';
  const fd = linux ? (openPlannedFile(source)?.fd ?? null) : null;
  if (linux && fd === null) return { vanished: true };
  try {
    await unlink(opts.stagePath).catch(() => undefined);
    await copyFile(fd === null ? source : `/proc/self/fd/${fd}`, opts.stagePath, constants.COPYFILE_FICLONE_FORCE | constants.COPYFILE_EXCL);
  } catch (err) {
    if (code(err) === 'ENOENT') return { vanished: true };
    if (CLONE_UNSUPPORTED.has(code(err) ?? '')) opts.clone.supported = false;
    await unlink(opts.stagePath).catch(() => undefined);
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
  opts.clone.supported = true;
  // A clone is one atomic version of the data; held in memory only when small.
  const st = await stat(opts.stagePath);
  opts.onBytes?.(st.size);
  return { vanished: false, settled: true, reason: null, size: st.size, content: { kind: 'file', path: opts.stagePath }, attempts: 1, method: 'clone' };
}
