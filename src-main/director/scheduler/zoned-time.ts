/** Wall-clock time in an IANA time zone, to the minute. Pure: Intl only, no system zone assumed. */
export interface LocalMinute {
  year: number;
  /** 1..12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Is this an IANA zone name the runtime knows? */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function localMinute(instant: Date, timeZone: string): LocalMinute {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute! };
}

/** The zone's offset from UTC at an instant, in minutes (New York in winter: -300). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const l = localMinute(instant, timeZone);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute);
  const floored = Math.floor(instant.getTime() / 60_000) * 60_000;
  return Math.round((asUtc - floored) / 60_000);
}

const sameMinute = (a: LocalMinute, b: LocalMinute) =>
  a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute;

export type Resolution = 'exact' | 'gap' | 'repeat';

/**
 * The instant a wall-clock time names in a zone. A time skipped by a DST jump ("gap")
 * moves forward by the jump (02:30 on a spring-forward day → 03:30), so it still runs once;
 * a time that happens twice ("repeat") is its first occurrence, so it runs once.
 */
export function resolveLocal(local: LocalMinute, timeZone: string): { at: Date; resolution: Resolution } {
  const guess = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  const day = 86_400_000;
  const before = offsetMinutes(new Date(guess - day), timeZone);
  const after = offsetMinutes(new Date(guess + day), timeZone);
  const candidates = [...new Set([before, offsetMinutes(new Date(guess), timeZone), after])]
    .map((o) => guess - o * 60_000)
    .filter((t) => sameMinute(localMinute(new Date(t), timeZone), local))
    .sort((a, b) => a - b);
  if (candidates.length === 0) return { at: new Date(guess - before * 60_000), resolution: 'gap' };
  return { at: new Date(candidates[0]!), resolution: candidates.length > 1 ? 'repeat' : 'exact' };
}

/** 0 = Sunday .. 6 = Saturday, for a calendar date. */
export const weekdayOf = (year: number, month: number, day: number): number => new Date(Date.UTC(year, month - 1, day)).getUTCDay();

/** The calendar date `n` days after the given one. */
export function addDays(year: number, month: number, day: number, n: number): { year: number; month: number; day: number } {
  const d = new Date(Date.UTC(year, month - 1, day + n));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export const pad2 = (n: number): string => String(n).padStart(2, '0');
export const isoDate = (d: { year: number; month: number; day: number }): string => `${d.year}-${pad2(d.month)}-${pad2(d.day)}`;
