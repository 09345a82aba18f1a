import type { StoredVerdict, VerifyResult } from '../../shared/vault.js';
import { formatTime } from './vault-rows.js';

/** The Verified / Damaged badge of a Vault row. */
export interface VerifyMark {
  ok: boolean;
  label: string;
  title: string;
}

/**
 * A Verify pressed in this console wins; otherwise the last verify the Director kept (scheduled
 * or pressed anywhere), with its date. Null: never verified.
 */
export function verifyMark(session: VerifyResult | undefined, stored: StoredVerdict | undefined): VerifyMark | null {
  if (session) {
    return { ok: session.ok, label: session.ok ? 'Verified' : 'Damaged', title: session.ok ? 'Verify found every entry intact' : session.problems.join('; ') };
  }
  if (!stored) return null;
  return {
    ok: stored.ok,
    label: `${stored.ok ? 'Verified' : 'Damaged'} ${stored.at.slice(0, 10)}`,
    title: `${stored.scheduled ? 'Scheduled verify' : 'Verify'} ${formatTime(stored.at)}: ${stored.summary}`,
  };
}

/** The Director's verdicts by backup ID. */
export const verdictsById = (list: readonly StoredVerdict[] | undefined): Record<string, StoredVerdict> =>
  Object.fromEntries((list ?? []).map((v) => [v.id, v]));
