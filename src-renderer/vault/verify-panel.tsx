import { Button } from 'react-aria-components';
import { badEntryCount, type VerifyResult } from '../../shared/vault.js';
import { VaultProgressBar } from './vault-progress-bar.js';

/** Live progress of this console's verify, then its verdict: which volumes and entries are bad. */
export function VerifyPanel({ id, running, result, error, onDismiss }: { id: string; running: boolean; result: VerifyResult | null; error: string | null; onDismiss(): void }) {
  return (
    <section className="verify-panel" aria-label={`Verify ${id}`} data-testid="verify-panel">
      {running && <VaultProgressBar id={id} operation="verify" label={`Verifying ${id}`} what={() => `Verifying ${id}`} />}
      {error && (
        <p role="alert" className="notice error">
          Verify of {id} could not run: {error}
        </p>
      )}
      {result?.ok && (
        <p role="status" className="notice ok">
          {id} is intact: all {result.entriesChecked} entries in {result.volumesChecked} volume(s) match its manifest.
        </p>
      )}
      {result && !result.ok && (
        <div role="alert" className="verify-bad">
          <p>
            <strong>{id} is damaged.</strong> {result.problems.join(' ')}
          </p>
          {result.badVolumes.length > 0 && (
            <>
              <h4>Bad volumes</h4>
              <ul data-testid="bad-volumes">
                {result.badVolumes.map((v) => (
                  <li key={v.name}>
                    <code>{v.name}</code>: {v.problem}
                  </li>
                ))}
              </ul>
            </>
          )}
          {result.badEntries.length > 0 && (
            <>
              <h4>Affected files ({badEntryCount(result)})</h4>
              <ul data-testid="bad-entries">
                {result.badEntries.slice(0, 50).map((e) => (
                  <li key={e.path}>
                    <code>{e.path}</code>
                    {e.volume ? ` (in ${e.volume})` : ''}: {e.problem}
                  </li>
                ))}
              </ul>
              {badEntryCount(result) > 50 && <p>…and {badEntryCount(result) - 50} more.</p>}
            </>
          )}
        </div>
      )}
      {!running && (
        <Button className="button small" onPress={onDismiss}>
          Dismiss
        </Button>
      )}
    </section>
  );
}
