import type { AlertSettings, ScheduleSettings } from '../../../shared/settings.js';
import { activeSlotsBetween } from '../schedule/schedule-slots.js';

const HOUR = 3_600_000;
/** However often the schedule runs, a day's slip (and a bit) is not yet an alert. */
export const MIN_AUTO_HOURS = 26;
/** Every entry runs at least weekly, so two weeks hold at least two slots of each. */
const LOOK_AHEAD_MS = 15 * 24 * HOUR;

/** The longest time between two consecutive active slots in the next 15 days, in hours; null with fewer than two. */
export function longestGapHours(schedule: ScheduleSettings, timeZone: string, now: Date): number | null {
  const slots = activeSlotsBetween(schedule, timeZone, now, new Date(now.getTime() + LOOK_AHEAD_MS));
  let longest: number | null = null;
  for (let i = 1; i < slots.length; i++) {
    const gap = (slots[i]!.at.getTime() - slots[i - 1]!.at.getTime()) / HOUR;
    if (longest === null || gap > longest) longest = gap;
  }
  return longest;
}

/**
 * After how many hours without a successful backup the admin is alerted: the setting, or
 * twice the longest gap between scheduled slots (at least 26 h). Null: no alert, because
 * nothing is set and the schedule runs nothing (no entries, all suspended).
 */
export function staleThresholdHours(alerts: Pick<AlertSettings, 'staleAfterHours'>, schedule: ScheduleSettings, timeZone: string, now: Date): number | null {
  if (alerts.staleAfterHours !== null) return alerts.staleAfterHours;
  const gap = longestGapHours(schedule, timeZone, now);
  return gap === null ? null : Math.max(MIN_AUTO_HOURS, Math.ceil(2 * gap));
}
