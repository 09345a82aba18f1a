import type { BackupRecord } from '../../../shared/vault.js';

// Which backup is newer, judged by the sequence each run records (BackupRecord.seq), not by the
// date in the ID: a clock that was a year ahead must not make one backup "the newest" for a year
// (and retention delete every real backup after it). Pure.

/** Oldest first: backups without a sequence (made before it was recorded) by ID, then by sequence. */
export function compareRunOrder(a: BackupRecord, b: BackupRecord): number {
  const sa = a.seq ?? 0;
  const sb = b.seq ?? 0;
  return sa !== sb ? sa - sb : a.id.localeCompare(b.id);
}

/** Whether `a` was made before `b`. */
export const madeBefore = (a: BackupRecord, b: BackupRecord): boolean => compareRunOrder(a, b) < 0;

/** The sequence of the next run: one above every one recorded. */
export function nextSequence(records: readonly BackupRecord[]): number {
  return records.reduce((max, r) => Math.max(max, r.seq ?? 0), 0) + 1;
}

/** How far ahead of the clock a start time may be before it counts as dated in the future (clock corrections, time zones). */
export const FUTURE_SLACK_MS = 60 * 60_000;

/** Backups whose start time is later than now: the clock was ahead when they ran. */
export function futureDated(records: readonly BackupRecord[], now: Date): BackupRecord[] {
  return records.filter((r) => {
    const t = Date.parse(r.started);
    return Number.isFinite(t) && t > now.getTime() + FUTURE_SLACK_MS;
  });
}

/** The flag shown in the listing, the Vault and HB.LOG. */
export function futureDatedMessage(r: BackupRecord, now: Date): string {
  return (
    `${r.id} is dated in the future (started ${r.started}; the clock now says ${now.toISOString()}): the computer's clock was ahead when it ran. ` +
    'It is kept in the order the runs were made, so it never counts as newer than later backups; check the clock (time synchronisation) if it keeps happening.'
  );
}
