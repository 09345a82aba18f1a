import { z } from 'zod';

/** Where a warning is fixed: a tab of the console (ids as in the renderer's tab list). */
export const FixPlace = z.enum(['data-directories', 'notification', 'vault', 'schedule', 'folder']);
export type FixPlace = z.infer<typeof FixPlace>;

export const Health = z.enum(['green', 'yellow', 'red']);
export type Health = z.infer<typeof Health>;

export const OverviewWarning = z.object({
  kind: z.enum(['missing-data', 'keeps-failing', 'mail', 'damaged', 'suspended', 'no-schedule', 'stale', 'history', 'space', 'last-failed', 'drive', 'other']),
  level: z.enum(['red', 'yellow']),
  /** A few words: the light's reason when this is the worst warning. */
  title: z.string(),
  /** In words: what is wrong and what to do. */
  text: z.string(),
  /** The tab where it is fixed (null: nothing to change in the console, e.g. a note). */
  fix: FixPlace.nullable(),
});
export type OverviewWarning = z.infer<typeof OverviewWarning>;

/** The last attempt that ended (an early failure, before a backup folder existed, included). */
export const OverviewLastResult = z.object({
  result: z.enum(['Succeeded', 'Failed', 'Interrupted']),
  /** When it ended (started, for an interrupted one): ISO-8601 with offset. */
  at: z.string(),
  id: z.string().nullable(),
  trigger: z.string(),
  phase: z.string().nullable(),
  cause: z.string().nullable(),
});
export type OverviewLastResult = z.infer<typeof OverviewLastResult>;

/** `overview.get`: are my backups OK? (the console's landing tab). */
export const Overview = z.object({
  health: Health,
  /** Why the light has its colour, in one sentence. */
  reason: z.string(),
  /** When the newest successful backup ended, and its ID (null: none yet). */
  lastSuccess: z.object({ at: z.string(), id: z.string().nullable() }).nullable(),
  lastResult: OverviewLastResult.nullable(),
  running: z.boolean(),
  /** The next scheduled run (ISO), null when none is due (no entries, or all suspended). */
  nextRun: z.string().nullable(),
  /** The schedule's time zone: the next run is shown in it (the browser's may differ). */
  timeZone: z.string(),
  space: z.object({
    /** The HotBackup folder (null for a `user`: no server paths). */
    folder: z.string().nullable(),
    freeBytes: z.number().nullable(),
    /** What the next backup is expected to need, and where that figure comes from. */
    expectedBytes: z.number().nullable(),
    /** 'estimate': no backup yet, the data directories' files summed by a quick walk (uncompressed). */
    basis: z.enum(['last-backup', 'estimate', 'unknown']),
    /** An estimate whose walk stopped at its limit: `expectedBytes` is a lower bound. */
    atLeast: z.boolean().optional(),
  }),
  warnings: z.array(OverviewWarning),
});
export type Overview = z.infer<typeof Overview>;
