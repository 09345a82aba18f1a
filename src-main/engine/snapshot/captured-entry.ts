import type { PlanEntry } from '../plan/plan-types.js';
import type { CapturedContent } from '../plan/plan-types.js';

/** A planned entry as the snapshot captured it: the bytes to stream and their size. */
export interface CapturedEntry extends PlanEntry {
  /** Files and databases: where the captured bytes are; null for folders and links. */
  content: CapturedContent | null;
  /** Set when a file never settled and was included anyway (the reason). */
  unsettled?: string;
}

/** Runs a pool of at most `width` tasks at once over the indices below `count` that `wanted` takes, in order. */
export async function forEachLimited(count: number, wanted: (i: number) => boolean, width: number, fn: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (;;) {
      while (next < count && !wanted(next)) next++;
      if (next >= count) return;
      await fn(next++);
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
}
