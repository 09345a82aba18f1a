import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../base/atomic-write.js';

export const RETRY_STATE_FILE = 'retry-state.json';
/** Format version of retry-state.json; a change bumps it and still reads every earlier one. */
export const RETRY_STATE_VERSION = 1;

/** A retry of a failed scheduled run that is waiting: which attempt, of how many, and when. */
export const WaitingRetry = z.object({
  attempt: z.number().int().min(2),
  of: z.number().int().min(2),
  /** ISO time the retry is due. */
  dueAt: z.string(),
});
export type WaitingRetry = z.infer<typeof WaitingRetry>;

const Stored = WaitingRetry.extend({ version: z.literal(RETRY_STATE_VERSION) });

export interface RetryStateStore {
  load(): Promise<WaitingRetry | null>;
  save(waiting: WaitingRetry | null): Promise<void>;
}

/** The waiting retry in the config directory, so a restart of the Director does not lose it. */
export function fileRetryStateStore(configDir: string): RetryStateStore {
  const file = join(configDir, RETRY_STATE_FILE);
  return {
    async load() {
      try {
        const parsed = Stored.safeParse(JSON.parse(await readFile(file, 'utf8')));
        if (!parsed.success) return null;
        const { version: _v, ...waiting } = parsed.data;
        return waiting;
      } catch {
        return null;
      }
    },
    async save(waiting) {
      if (waiting) await writeFileAtomic(file, JSON.stringify({ version: RETRY_STATE_VERSION, ...waiting }) + '\n', 0o600);
      else await rm(file, { force: true });
    },
  };
}

export const memoryRetryStateStore = (): RetryStateStore => {
  let kept: WaitingRetry | null = null;
  return { load: async () => kept, save: async (w) => void (kept = w) };
};
