import type { PlanEntry } from '../plan/plan-types.js';
import type { CapturedContent } from './settle-read.js';

/** A planned entry as the snapshot captured it: the bytes to stream and their size. */
export interface CapturedEntry extends PlanEntry {
  /** Files and databases: where the captured bytes are; null for folders and links. */
  content: CapturedContent | null;
  /** Set when a file never settled and was included anyway (the reason). */
  unsettled?: string;
}

/** Runs a pool of at most `width` tasks at once, in order of the list. */
export async function forEachLimited<T>(items: readonly T[], width: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}
