import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../base/atomic-write.js';

/** Remembers until when the schedule has been dealt with, so a restart can catch up what it missed. */
export interface WatermarkStore {
  load(): Promise<Date | null>;
  save(at: Date): Promise<void>;
}

export const SCHEDULE_STATE_FILE = 'schedule-state.json';

/** `name`: the file in the config directory (the run schedule's by default; offsite targets keep their own). */
export function fileWatermarkStore(configDir: string, name = SCHEDULE_STATE_FILE): WatermarkStore {
  const file = join(configDir, name);
  let chain: Promise<void> = Promise.resolve();
  return {
    async load() {
      try {
        const { watermark } = JSON.parse(await readFile(file, 'utf8')) as { watermark?: unknown };
        const at = typeof watermark === 'string' ? new Date(watermark) : null;
        return at && !Number.isNaN(at.getTime()) ? at : null;
      } catch {
        return null;
      }
    },
    save(at) {
      chain = chain.then(() => writeFileAtomic(file, JSON.stringify({ watermark: at.toISOString() }) + '\n', 0o600)).catch(() => undefined);
      return chain;
    },
  };
}

export function memoryWatermarkStore(initial: Date | null = null): WatermarkStore & { value: Date | null } {
  const store = {
    value: initial,
    load: async () => store.value,
    save: async (at: Date) => {
      store.value = at;
    },
  };
  return store;
}
