/**
 * The console's one way to show a date and time: the reader's locale for the order and month
 * names ("30 Nov 2026, 17:05" in Britain, "Nov 30, 2026, 17:05" in the US), always 24-hour
 * (as the schedule's times are entered), in this computer's time zone unless one is given.
 */
export function formatDateTime(iso: string | null | undefined, opts: { seconds?: boolean; timeZone?: string; locale?: string } = {}): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(opts.locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(opts.seconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
    timeZone: opts.timeZone,
  }).format(d);
}

/** The same, with the weekday first: for upcoming runs ("Mon, 30 Nov 2026, 17:05"). */
export function formatDateTimeWithDay(iso: string, opts: { timeZone?: string; locale?: string } = {}): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(opts.locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: opts.timeZone,
  }).format(d);
}
