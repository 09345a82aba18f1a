import { readlink } from 'node:fs/promises';
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/**
 * How much lower (nice) the run's thread works once it streams (after the snapshot point and the database copies).
 * Enough for the office's programs to win the CPU when they wake (the scheduler weighs nice 5 at a
 * third of nice 0), not so much that a run starves on a busy server (nice 10 weighs a tenth: on a
 * 2-core machine at load 17 a run got about 1 % of it and missed its stop deadline).
 */
export const AFTER_SNAPSHOT_NICE = 5;

/**
 * Up to the snapshot point people wait (a yellow light; exclusive tasks are held off), so the run's
 * thread asks for a little more than normal priority there. Only a privileged service gets it (on
 * Linux CAP_SYS_NICE, e.g. the Director run as root); otherwise it keeps normal priority.
 */
export const BEFORE_SNAPSHOT_NICE = -5;

/** Linux: the calling thread's id, from /proc/thread-self ("<pid>/task/<tid>"); null elsewhere. */
export function ownThreadId(): number | null {
  if (process.platform !== 'linux') return null;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
}

/**
 * Lower the calling thread's CPU priority to `nice` (never raise it). On Linux a priority belongs
 * to a thread, so the host's threads (the Director's event loop) keep theirs, and threads this one
 * starts afterwards (the hashing thread) inherit it; the thread ends with the run, so nothing is
 * left to restore. libuv's thread pool (zlib's deflate) is the process's, started by the host's
 * thread before the run got here: `PoolPriority` lowers it for a run where that can be undone.
 * Elsewhere the call would change the whole process: nothing is done (null).
 * Returns the thread's nice value afterwards, or null when it could not be set.
 */
export function lowerOwnThreadPriority(nice = AFTER_SNAPSHOT_NICE): number | null {
  const tid = ownThreadId();
  if (tid === null) return null;
  try {
    if (getPriority(tid) < nice) setPriority(tid, nice);
    return getPriority(tid);
  } catch {
    return null;
  }
}

/** Raise the calling thread's priority to `nice` where allowed (see BEFORE_SNAPSHOT_NICE); the nice value afterwards, or null. */
export function raiseOwnThreadPriority(nice = BEFORE_SNAPSHOT_NICE): number | null {
  const tid = ownThreadId();
  if (tid === null) return null;
  try {
    if (getPriority(tid) > nice) setPriority(tid, nice);
  } catch {
    // Not privileged: normal priority.
  }
  try {
    return getPriority(tid);
  } catch {
    return null;
  }
}

/**
 * How much lower libuv's pool (zlib's deflate) works after the snapshot point. Lower than the
 * run's own thread: the pool never answers a stop request (the run's thread does), and at nice 5
 * a WAL writer beside the backup saw no difference. Measured on 2 cores at load 9-16 with a writer
 * committing every ~2 ms (`npm run bench:live`, writer p99 during a gzip backup / idle, one round
 * each, alternating): pool at 10: 2.47, 1.27, 1.22 against 2.30, 2.16, 1.29 before; every
 * thread of the run at 5: 2.05, 3.04 against 1.54, 1.88; every thread at 10: 0.89, 0.71 against
 * 2.74, 2.28. The machine's own load moves these more than any setting (bench/README.md).
 */
export const POOL_AFTER_SNAPSHOT_NICE = 10;

/**
 * libuv's thread pool, where zlib deflates and inflates a run's members (and async fs calls run):
 * the process's, started by the host before any run. Its threads' ids are found by asking a pool
 * thread where /proc/thread-self points (readlink runs on the pool); a few rounds of concurrent
 * calls meet every thread. Linux only ([] elsewhere).
 */
export async function poolThreadIds(size = Number(process.env.UV_THREADPOOL_SIZE) || 4): Promise<number[]> {
  if (process.platform !== 'linux') return [];
  const ids = new Set<number>();
  for (let round = 0; round < 8 && ids.size < size; round++) {
    const got = await Promise.all(Array.from({ length: size * 8 }, () => readlink('/proc/thread-self').catch(() => '')));
    for (const g of got) {
      const tid = Number(g.split('/').pop());
      if (Number.isInteger(tid) && tid > 0) ids.add(tid);
    }
  }
  return [...ids];
}

/**
 * The pool's priority for one run: lowered to `nice` once the snapshot point has passed (the
 * compression then yields the cores to the office's programs, as the run's own thread does), and
 * given back when the run ends, however it ends. The pool is the host's too, so it is lowered only
 * where its priority can be given back: a privileged service (on Linux CAP_SYS_NICE, e.g. the
 * Director run as root), found by raising one pool thread by one step and setting it back.
 * Elsewhere nothing is changed.
 */
export class PoolPriority {
  private readonly lowered = new Map<number, number>();
  private ended = false;

  constructor(private readonly nice = POOL_AFTER_SNAPSHOT_NICE) {}

  /** Lower the pool's threads (once; nothing after `restore`). The nice values set, or null when nothing was changed. */
  async lower(): Promise<number | null> {
    const tids = this.ended || this.lowered.size ? [] : await poolThreadIds();
    if (this.ended || tids.length === 0 || !canRaise(tids[0] as number)) return null;
    for (const tid of tids) {
      try {
        const before = getPriority(tid);
        if (before >= this.nice) continue;
        setPriority(tid, this.nice);
        this.lowered.set(tid, before);
      } catch {
        // a thread that ended meanwhile
      }
    }
    return this.lowered.size ? this.nice : null;
  }

  /** Give every lowered thread its former priority back. */
  restore(): void {
    this.ended = true;
    for (const [tid, before] of this.lowered) {
      try {
        setPriority(tid, before);
      } catch {
        // a thread that ended meanwhile
      }
    }
    this.lowered.clear();
  }
}

/** Whether this process may raise a thread's priority (and so give a lowered one back): tried on `tid`, one step up and back. */
function canRaise(tid: number): boolean {
  try {
    const p = getPriority(tid);
    if (p <= -20) return true;
    setPriority(tid, p - 1);
    setPriority(tid, p);
    return true;
  } catch {
    return false;
  }
}
