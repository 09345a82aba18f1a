// Hand-written on purpose: it only writes out the system zone's offset that the platform gives
// (getTimezoneOffset), no zone arithmetic. @internationalized/date's ZonedDateTime drops zero
// milliseconds (and writes 120 ms as .12), so it would change BACKUP.LOG and HB.LOG times;
// date-fns' format would write it from a pattern, one more dependency for these ten lines.
const pad = (n: number, width = 2) => String(Math.trunc(Math.abs(n))).padStart(width, '0');

/** ISO-8601 local time with offset, e.g. 2026-11-26T09:05:00.123+01:00 (BACKUP.LOG and HB.LOG times). */
export function formatLocalIso(date: Date): string {
  const offsetMin = -date.getTimezoneOffset();
  const sign = offsetMin >= 0 ? '+' : '-';
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}` +
    `${sign}${pad(offsetMin / 60)}:${pad(offsetMin % 60)}`
  );
}
