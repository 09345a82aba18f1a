import type { LightAnswer, LightUpdate, LightWait } from '../../../shared/run.js';
import type { RunHandle } from '../run/run-handle.js';

/** Where a light stands for a run in this state; null = keep waiting. Pure. */
export function lightDecision(
  wait: LightWait,
  run: Pick<RunHandle, 'state' | 'outcome'>,
): { state: 'go' | 'failed'; reason: string | null } | null {
  const { outcome, state } = run;
  if (outcome) {
    if (outcome.result === 'Succeeded') return { state: 'go', reason: null };
    // A yellow light that saw the snapshot point already answered go; here the run failed first.
    if (wait === 'started' && state.snapshotTaken) return { state: 'go', reason: null };
    const where = outcome.failedPhase ? ` (in ${outcome.failedPhase})` : '';
    return { state: 'failed', reason: `${outcome.error ?? 'the HotBackup failed'}${where}` };
  }
  if (wait === 'started' && state.snapshotTaken) return { state: 'go', reason: null };
  return null;
}

/**
 * A traffic light on a run: streams `waiting` with each status/phase change to `emit`,
 * and resolves `go` (snapshot point passed for `started`, backup succeeded for `completed`)
 * or `failed` with the reason. A failed run answers `failed` to every waiting light.
 */
export function watchLight(run: RunHandle, wait: LightWait, emit: (u: LightUpdate) => void): Promise<LightAnswer> {
  return new Promise<LightAnswer>((resolve) => {
    let lastShown = '';
    let unsubscribe = () => {};
    const check = () => {
      const decision = lightDecision(wait, run);
      const { status, phase } = run.state;
      if (decision) {
        unsubscribe();
        emit({ state: decision.state, status, phase, reason: decision.reason, runKey: run.key });
        resolve({ ...decision, runKey: run.key, runId: run.outcome?.id ?? run.state.id });
        return;
      }
      const shown = `${status}|${phase}`;
      if (shown === lastShown) return;
      lastShown = shown;
      emit({ state: 'waiting', status, phase, reason: null, runKey: run.key });
    };
    unsubscribe = run.subscribe(check);
    check();
  });
}
