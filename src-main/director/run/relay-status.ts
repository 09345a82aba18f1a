import type { StatusSnapshot } from '../../../shared/status.js';
import type { Throttle } from '../../base/throttle.js';

/**
 * A run's status snapshots into the throttle. A new status or phase goes out at once: within the
 * quiet time a short phase (Locking Files) would otherwise be replaced by the next and never be
 * seen by any client. What the ending phase still holds (its final "N of M files", which the
 * engine sends once as the phase ends) goes out first, not replaced by the new phase.
 */
export function relayStatus(throttle: Throttle<StatusSnapshot>): (s: StatusSnapshot, final: boolean) => void {
  let lastPhaseKey = '';
  return (s, final) => {
    const key = `${s.status}|${s.phase ?? ''}`;
    const changed = key !== lastPhaseKey;
    lastPhaseKey = key;
    if (changed) throttle.flush();
    throttle.push(s);
    if (final || changed) throttle.flush();
  };
}
