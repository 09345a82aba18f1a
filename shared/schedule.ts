import { z } from 'zod';
import { ScheduleDays, ScheduleEntry, TimeOfDay } from './settings.js';

/** One schedule entry as `schedule.list` shows it: its cron form and its next run times. */
export const ScheduleEntryView = ScheduleEntry.extend({
  /** The cron expressions node-cron runs for this entry (one per time of day). */
  cron: z.array(z.string()),
  /** The next few run times (ISO-8601 UTC), empty when suspended. */
  nextRuns: z.array(z.string()),
});
export type ScheduleEntryView = z.infer<typeof ScheduleEntryView>;

export const ScheduleView = z.object({
  entries: z.array(ScheduleEntryView),
  suspendedUntil: z.union([z.null(), z.literal('indefinitely'), z.string()]),
  /** The IANA time zone in effect (the setting, or the system's). */
  timeZone: z.string(),
  catchUpHours: z.number(),
  /** The next run of the whole schedule, or null when nothing will run. */
  nextRun: z.string().nullable(),
});
export type ScheduleView = z.infer<typeof ScheduleView>;

export const ScheduleListInput = z.object({}).strict().default({});

export const ScheduleAddInput = z
  .object({
    days: ScheduleDays,
    times: z.array(TimeOfDay).min(1, { error: 'give at least one time of day' }),
    suspended: z.boolean().default(false),
    /** Optional: a stable id for scripted setup; generated when absent. */
    id: z.string().min(1).max(40).optional(),
  })
  .strict();
export type ScheduleAddInput = z.infer<typeof ScheduleAddInput>;

export const ScheduleIdInput = z.object({ id: z.string().min(1) }).strict();

/** With `id`: suspend that entry. Without: suspend the whole schedule, until a time or indefinitely. */
export const ScheduleSuspendInput = z
  .object({
    id: z.string().min(1).optional(),
    until: z.union([z.literal('indefinitely'), z.iso.datetime({ offset: true })]).default('indefinitely'),
  })
  .strict();
export type ScheduleSuspendInput = z.infer<typeof ScheduleSuspendInput>;

/** With `id`: resume that entry. Without: lift the global suspend. */
export const ScheduleResumeInput = z.object({ id: z.string().min(1).optional() }).strict().default({});
export type ScheduleResumeInput = z.infer<typeof ScheduleResumeInput>;
