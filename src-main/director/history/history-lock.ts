import { setTimeout as sleep } from 'node:timers/promises';
import { HotBackupError } from '../../../shared/result.js';
import { acquireOwnerLock, describeHolder, LockHeldError, type OwnerLock } from '../../base/owner-lock.js';

/**
 * The run history is written by more than one process: the Director and any command-line run
 * (a one-off folder, or no Director at all). A compaction or repair rewrites the journal whole
 * and renames it over the old one, so a line another process appended to the old file between
 * the rewrite's read and its rename would be lost. Every change to the journal (append, compact,
 * repair) therefore holds `run-history.jsonl.lock` (base/owner-lock.ts: a holder is judged
 * by its process identity, so a writer killed mid-way never blocks the next one). Holders keep it
 * for milliseconds, so a taker waits its turn rather than failing.
 */
const WAIT_MS = 15;
/** Long enough for a slow disk; a live holder never keeps it this long. */
const GIVE_UP_MS = 30_000;

/** `work` under the lock; a failure to take it (not a LockHeldError) goes through `wrap` (words for the user). */
export async function withHistoryLock<T>(file: string, work: () => Promise<T>, wrap: (err: unknown) => Error, clock: () => number = Date.now): Promise<T> {
  const lock = await takeHistoryLock(file, clock).catch((err: unknown) => {
    throw err instanceof HotBackupError ? err : wrap(err);
  });
  try {
    return await work();
  } finally {
    await lock.release();
  }
}

async function takeHistoryLock(file: string, clock: () => number): Promise<OwnerLock> {
  const lockFile = `${file}.lock`;
  const start = clock();
  for (;;) {
    try {
      return await acquireOwnerLock(lockFile, { holder: 'process', purpose: 'run history change' });
    } catch (err) {
      if (!(err instanceof LockHeldError)) throw err;
      if (clock() - start > GIVE_UP_MS) {
        throw new HotBackupError(
          'BUSY',
          `The run history ${file} is being changed by ${describeHolder(err.holder)} for more than ${GIVE_UP_MS / 1000} s. Wait for it to finish, or end that process and try again.`,
        );
      }
      await sleep(WAIT_MS + Math.floor(Math.random() * WAIT_MS));
    }
  }
}
