import type { StoredVerdict, VerifyResult } from '../../shared/vault.js';
import { formatDateTime } from '../format/date-time.js';

/** The Verified / Damaged badge of a Vault row. */
export interface VerifyMark {
  ok: boolean;
  label: string;
  title: string;
}

/** Locale and zone for the dates (tests fix them; the console uses the reader's). */
export interface DateOptions {
  locale?: string;
  timeZone?: string;
}

/** The day alone, in the console's date style ("30 Nov 2026"). */
const day = (iso: string, o: DateOptions) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : new Intl.DateTimeFormat(o.locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: o.timeZone }).format(d);
};

/**
 * A Verify pressed in this console wins; otherwise the last verify the Director kept (scheduled
 * or pressed anywhere), with its date. Null: never verified.
 */
export function verifyMark(session: VerifyResult | undefined, stored: StoredVerdict | undefined, o: DateOptions = {}): VerifyMark | null {
  if (session) {
    return { ok: session.ok, label: session.ok ? 'Verified' : 'Damaged', title: session.ok ? 'Verify found every entry intact' : session.problems.join('; ') };
  }
  if (!stored) return null;
  return {
    ok: stored.ok,
    label: `${stored.ok ? 'Verified' : 'Damaged'} ${day(stored.at, o)}`,
    title: `${stored.scheduled ? 'Scheduled verify' : 'Verify'} ${formatDateTime(stored.at, { seconds: true, ...o })}: ${stored.summary}`,
  };
}

/** The Director's verdicts by backup ID. */
export const verdictsById = (list: readonly StoredVerdict[] | undefined): Record<string, StoredVerdict> =>
  Object.fromEntries((list ?? []).map((v) => [v.id, v]));
