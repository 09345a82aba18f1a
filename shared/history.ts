import { z } from 'zod';
import { Phase } from './status.js';

/**
 * The run history's line format. A change bumps it; readers keep reading every earlier version.
 * 2: a `begin` line names the process writing it (`by`), so another live process's run is In Progress.
 */
export const HISTORY_FORMAT = 2;

/** What a run could not take and left out (each one named in its HB.LOG). */
export const SkipCounts = z.object({
  /** Gone between the listing and the read (a temporary file or folder). */
  vanished: z.number().int().nonnegative(),
  /** No permission, or the filesystem refused the read. */
  unreadable: z.number().int().nonnegative(),
  /** Sockets, FIFOs, devices: nothing to back up. */
  special: z.number().int().nonnegative(),
});
export type SkipCounts = z.infer<typeof SkipCounts>;
export const noSkips: SkipCounts = { vanished: 0, unreadable: 0, special: 0 };
export const skippedTotal = (s: SkipCounts | null | undefined): number => (s ? s.vanished + s.unreadable + s.special : 0);

/** Why a run ended Failed, as a kind clients can branch on (the words are in `cause`). */
export const CauseKind = z.enum(['disk-full', 'busy', 'cancelled', 'stopped', 'stuck', 'vanished', 'unreadable', 'bad-input', 'io', 'crashed', 'interrupted', 'internal']);
export type CauseKind = z.infer<typeof CauseKind>;

export const AttemptResult = z.enum(['In Progress', 'Succeeded', 'Failed', 'Interrupted', 'Missed']);
export type AttemptResult = z.infer<typeof AttemptResult>;

/** One attempt (or missed scheduled slot), as `history.list` and `hotbackup history` show it. */
export const HistoryEntry = z.object({
  /** The Director's run key, or `missed-<slot time>` for a missed slot. */
  key: z.string(),
  kind: z.enum(['attempt', 'missed']),
  /** When the attempt started (a missed slot: the slot's time). ISO-8601 local time with offset. */
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  trigger: z.string(),
  user: z.string(),
  task: z.string(),
  result: AttemptResult,
  /** The phase it ended in (the failed phase for a failure); null for a missed slot or while unknown. */
  phase: Phase.nullable(),
  /** The reason in words, null when it succeeded. */
  cause: z.string().nullable(),
  causeKind: CauseKind.nullable(),
  /** The backup ID once its folder existed; null for an attempt that failed before. */
  id: z.string().nullable(),
  hotBackupFolder: z.string(),
  files: z.number().int().nullable(),
  bytes: z.number().nullable(),
  skipped: SkipCounts.nullable(),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const HistoryListInput = z
  .object({
    /** Only the newest N entries (default: all). */
    limit: z.number().int().positive().optional(),
  })
  .strict()
  .default({});

/** `history.list`: every attempt, oldest first, and what had to be repaired in the journal. */
export const HistoryListing = z.object({
  file: z.string(),
  entries: z.array(HistoryEntry),
  /** Lines that could not be read, kept aside in `damagedFile`. */
  damaged: z.number().int(),
  damagedFile: z.string().nullable(),
  messages: z.array(z.string()),
});
export type HistoryListing = z.infer<typeof HistoryListing>;
