import { useState } from 'react';
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import type { BackupRecord } from '../../shared/vault.js';
import { useTrafficLight } from '../components/traffic-light/use-traffic-light.js';
import { getBridge } from '../store/store.js';
import { reloadVault } from '../store/vault-load.js';
import { formatBytes, formatTime, planDelete } from './vault-rows.js';
import { countOf } from '../format/plural.js';

/** Delete the chosen backups after saying exactly which go (with the failed-deletion rule) and a yellow light. */
export function DeleteDialog({ records, ids, onClose }: { records: BackupRecord[]; ids: string[]; onClose(deleted: string[]): void }) {
  // Fixed when the dialog opens: after deleting, the records no longer hold what went.
  const [plan] = useState(() => planDelete(records, ids));
  const { ask } = useTrafficLight();
  const [running, setRunning] = useState(false);
  const [result, setResult] = useState<{ deleted: string[]; error: string | null } | null>(null);
  const bytes = plan.reduce((s, p) => s + (p.record.bytes ?? 0), 0);

  const run = async () => {
    const choice = await ask({
      level: 'suggested',
      wait: 'started',
      task: `Delete HotBackup${ids.length > 1 ? 's' : ''} ${ids.join(', ')}`,
      detail: 'A deleted HotBackup cannot be brought back. A fresh HotBackup first makes sure a good copy of the data remains.',
    });
    if (choice === 'cancel') return;
    setRunning(true);
    const deleted: string[] = [];
    let error: string | null = null;
    for (const id of ids) {
      if (deleted.includes(id)) continue;
      const r = await getBridge().invoke('vault.delete', { id });
      if (!r.ok) {
        error = r.error.message;
        break;
      }
      deleted.push(...r.value.deleted);
    }
    setRunning(false);
    setResult({ deleted, error });
    void reloadVault();
  };

  return (
    <ModalOverlay className="vault-overlay" isOpen isDismissable={!running} onOpenChange={(open) => !open && !running && onClose(result?.deleted ?? [])}>
      <Modal className="vault-modal delete-modal">
        <Dialog className="delete-dialog" role="alertdialog" aria-label="Delete HotBackups">
          <Heading slot="title">
            {result ? (result.deleted.length ? `Deleted ${countOf(result.deleted.length, 'HotBackup')}` : 'Nothing was deleted') : `Delete ${countOf(plan.length, 'HotBackup')}?`}
          </Heading>
          {!result && (
            <>
              <p>These folders and their files are removed from the HotBackup folder ({formatBytes(bytes)} in all):</p>
              <ul className="delete-list" data-testid="delete-list">
                {plan.map(({ record: r, reason }) => (
                  <li key={r.id}>
                    <strong className="mono">{r.id}</strong> — {r.folder}, {r.result}, started {formatTime(r.started)}
                    {reason !== 'chosen' && <span className="cascade"> (also deleted: {reason})</span>}
                  </li>
                ))}
              </ul>
              {plan.length > ids.length && (
                <p className="hint">A successful HotBackup takes the failed HotBackups older than it along, as the Vault’s rule says.</p>
              )}
              <p>This cannot be undone.</p>
            </>
          )}
          {result && (
            <p role={result.error ? 'alert' : 'status'} className={`notice ${result.error ? 'error' : 'ok'}`}>
              {result.deleted.length > 0 ? `Deleted ${result.deleted.join(', ')}.` : 'Nothing was deleted.'}
              {result.error ? ` ${result.error}` : ''}
            </p>
          )}
          <div className="actions">
            {!result && (
              <Button className="button danger" isDisabled={running} onPress={() => void run()}>
                {running ? 'Deleting…' : `Delete ${plan.length}`}
              </Button>
            )}
            <Button className="button" isDisabled={running} onPress={() => onClose(result?.deleted ?? [])}>
              {result ? 'Close' : 'Cancel'}
            </Button>
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
