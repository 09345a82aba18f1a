import { useState } from 'react';
import { Button } from 'react-aria-components';
import { ConfirmDialog } from '../components/confirm-dialog.js';
import { getBridge } from '../store/store.js';

/**
 * "Use this drive…" beside the Overview's "Is the backup drive connected?" warning: asks first,
 * then `drive.adopt` (admin); the drive now at the HotBackup folder is a backup drive from then on.
 */
export function AdoptDrive() {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const adopt = async () => {
    setAsking(false);
    setBusy(true);
    setError(null);
    const r = await getBridge().invoke('drive.adopt', {});
    setBusy(false);
    if (r.ok) setDone(`The drive at ${r.value.folder} is a backup drive of this HotBackup now (identity ${r.value.folderId}); the next HotBackup uses it.`);
    else setError(r.error.message);
  };
  return (
    <>
      <Button className="button small" isDisabled={busy || done !== null} onPress={() => setAsking(true)}>
        Use this drive…
      </Button>
      {done && (
        <p role="status" className="notice" data-testid="drive-adopted">
          {done}
        </p>
      )}
      {error && (
        <p role="alert" className="notice error">
          {error}
        </p>
      )}
      <ConfirmDialog
        isOpen={asking}
        onOpenChange={setAsking}
        label="Use this drive"
        title="Use the drive now connected as a backup drive?"
        keepLabel="Not Now"
        confirmLabel="Use This Drive"
        onConfirm={() => void adopt()}
      >
        <p>
          Only if this is meant to be a new or replaced backup drive (drives that rotate, a new disk). If the usual drive is simply not connected,
          connect it instead: backups then go on where they were.
        </p>
      </ConfirmDialog>
    </>
  );
}
