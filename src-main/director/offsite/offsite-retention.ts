// Retention on a target (pure): which copies to remove after a copy completed.

export interface CopyFacts {
  backupId: string;
  /** The run's order number from the copy's index; null for an incomplete copy (no index yet). */
  seq: number | null;
  complete: boolean;
}

const order = (a: CopyFacts, b: CopyFacts) => (a.seq ?? 0) - (b.seq ?? 0) || a.backupId.localeCompare(b.backupId);

/**
 * Keep the newest `keep` complete copies; remove older complete ones, and incomplete copies older
 * than the newest complete one (abandoned). An incomplete copy newer than that is kept (it may be
 * resumed), and it never counts towards `keep`: a complete copy is never removed to make room for
 * one not finished. `busy` (the copy in progress) is never removed.
 */
export function copiesToRemove(copies: readonly CopyFacts[], keep: number, busy: string | null): string[] {
  const complete = copies.filter((c) => c.complete).sort(order);
  const kept = complete.slice(Math.max(0, complete.length - keep));
  const remove = complete.slice(0, Math.max(0, complete.length - keep)).map((c) => c.backupId);
  const newest = kept[kept.length - 1];
  if (newest) {
    for (const c of copies) if (!c.complete && c.backupId !== busy && c.backupId.localeCompare(newest.backupId) < 0) remove.push(c.backupId);
  }
  return remove.filter((id) => id !== busy).sort();
}
