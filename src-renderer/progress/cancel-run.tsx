import { useState } from 'react';
import { Button } from 'react-aria-components';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { getBridge } from '../store/store.js';

/** "Cancel…" in the Progress view: asks first, then `run.cancel`; the run ends Failed "cancelled by <user>". */
export function CancelRun() {
  const [asking, setAsking] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const cancel = async () => {
    setAsking(false);
    setSent(true);
    setError(null);
    // Recorded as cancelled by the signed-in account (the Director fills it in).
    const r = await getBridge().invoke('run.cancel', {});
    if (!r.ok) {
      setSent(false);
      setError(r.error.message);
    }
  };
  return (
    <>
      <Button className="button danger-outline" isDisabled={sent} onPress={() => setAsking(true)}>
        {sent ? 'Cancelling…' : 'Cancel…'}
      </Button>
      {error && (
        <p role="alert" className="notice error">
          {error}
        </p>
      )}
      <ConfirmDialog
        isOpen={asking}
        onOpenChange={setAsking}
        label="Cancel the HotBackup"
        title="Cancel the HotBackup in progress?"
        keepLabel="Keep Running"
        confirmLabel="Cancel HotBackup"
        onConfirm={() => void cancel()}
      >
        <p>It stops within seconds and is recorded as Failed (cancelled by you); its partial copies are removed. Your data files and older backups are not affected.</p>
      </ConfirmDialog>
    </>
  );
}
