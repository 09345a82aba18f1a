import { ProgressBar } from 'react-aria-components';
import type { VaultProgress } from '../../shared/vault.js';
import { useApp } from '../store/store.js';

/**
 * The live bar of this console's restore or verify of backup `id` (the Director's vault progress
 * events): "<what> — <percent>" and the file it is at. `what` words the step.
 */
export function VaultProgressBar({
  id,
  operation,
  label,
  what,
}: {
  id: string;
  operation: VaultProgress['operation'];
  /** The bar's accessible name. */
  label: string;
  what(p: VaultProgress | null): string;
}) {
  const p = useApp((s) => (s.vaultProgress?.id === id && s.vaultProgress.operation === operation ? s.vaultProgress : null));
  const percent = p && p.bytesTotal > 0 ? Math.min(100, (p.bytesDone / p.bytesTotal) * 100) : 0;
  return (
    <ProgressBar className="progress-bar" value={percent} aria-label={label}>
      {({ valueText }) => (
        <>
          <span className="progress-label">
            {what(p)} — {valueText}
            {p?.current ? ` — ${p.current}` : ''}
          </span>
          <div className="progress-track">
            <div className="progress-fill" style={{ width: `${percent}%` }} />
          </div>
        </>
      )}
    </ProgressBar>
  );
}
