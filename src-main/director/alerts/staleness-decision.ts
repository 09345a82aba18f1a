/** What the no-backup alert remembers between checks and restarts (alert-state.json). */
export interface StaleState {
  /** When HotBackup first watched this config directory: the reference while no backup ever succeeded. */
  watchingSince: string;
  /** The newest successful backup seen (ISO time) and its ID. */
  lastSuccessAt: string | null;
  lastSuccessId: string | null;
  /** When the alert began (null: no alert now) and when it was last sent. */
  alertingSince: string | null;
  lastAlertAt: string | null;
  /** The last success known when the alert began: a newer one ends the alert with "OK again". */
  alertedAfter: string | null;
}

export type StaleAction =
  | { kind: 'none' }
  /** Send the alert: `hours` without a successful backup; `repeat` when it was sent before. */
  | { kind: 'alert'; hours: number; repeat: boolean }
  /** A backup succeeded during an alert: send "OK again"; `hours` without a success before it. */
  | { kind: 'ok'; hours: number };

const HOUR = 3_600_000;

/** The newer of two successes (either may be unknown). */
export function newerSuccess(state: StaleState, at: string | null, id: string | null): StaleState {
  if (!at || (state.lastSuccessAt && Date.parse(state.lastSuccessAt) >= Date.parse(at))) return state;
  return { ...state, lastSuccessAt: at, lastSuccessId: id };
}

/**
 * One check of the no-backup alert at `now`. The alert goes out once the time since the
 * last success reaches `thresholdHours`, again every `thresholdHours` while it lasts, and
 * "OK again" follows when a backup succeeds. A threshold of null (or raised above the
 * current gap) ends an alert without a message: no backup succeeded, so it is not "OK".
 */
export function decideStaleness(state: StaleState, now: Date, thresholdHours: number | null): { action: StaleAction; state: StaleState } {
  const reference = Date.parse(state.lastSuccessAt ?? state.watchingSince);
  const quiet: StaleState = { ...state, alertingSince: null, lastAlertAt: null, alertedAfter: null };
  if (state.alertingSince !== null && state.lastSuccessAt !== state.alertedAfter) {
    const before = Date.parse(state.alertedAfter ?? state.watchingSince);
    return { action: { kind: 'ok', hours: Math.floor((reference - before) / HOUR) }, state: quiet };
  }
  if (thresholdHours === null || now.getTime() - reference < thresholdHours * HOUR) {
    return { action: { kind: 'none' }, state: state.alertingSince === null ? state : quiet };
  }
  const hours = Math.floor((now.getTime() - reference) / HOUR);
  const iso = now.toISOString();
  if (state.alertingSince === null) {
    return { action: { kind: 'alert', hours, repeat: false }, state: { ...state, alertingSince: iso, lastAlertAt: iso, alertedAfter: state.lastSuccessAt } };
  }
  const lastAlert = Date.parse(state.lastAlertAt ?? state.alertingSince);
  if (now.getTime() - lastAlert >= thresholdHours * HOUR) return { action: { kind: 'alert', hours, repeat: true }, state: { ...state, lastAlertAt: iso } };
  return { action: { kind: 'none' }, state };
}
