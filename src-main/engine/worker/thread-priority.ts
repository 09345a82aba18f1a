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
 * left to restore. libuv's thread pool (zlib's deflate) is the process's and keeps its priority:
 * it was started by the host's thread before the run got here (the folder check's fs calls). Elsewhere the call would change the whole process: nothing is done (null).
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
