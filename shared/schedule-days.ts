import { z } from 'zod';

// Days and times of a schedule entry: the Schedule tab's entries and an offsite target's own schedule.

export const weekdayNames = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
export const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'times are HH:MM, 00:00 to 23:59' });
export const ScheduleDays = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('weekdays') }),
  z.object({ kind: z.literal('everyDay') }),
  z.object({
    kind: z.literal('chosen'),
    /** 0 = Sunday .. 6 = Saturday */
    days: z.array(z.number().int().min(0).max(6)).min(1, { error: 'choose at least one day' }),
  }),
]);
export type ScheduleDays = z.infer<typeof ScheduleDays>;
