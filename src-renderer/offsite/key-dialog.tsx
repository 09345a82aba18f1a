import { useState } from 'react';
import { Button } from 'react-aria-components';
import type { OffsiteKeyPair } from '../../shared/offsite.js';
import { CheckChoice, CheckChoices } from '../components/form-controls.js';
import { FormDialog } from '../components/form-dialog.js';
import type { Notice } from '../components/notice.js';
import { formatDateTime } from '../format/date-time.js';
import { getBridge, useApp } from '../store/store.js';
import { targetInputFrom } from './target-form.js';

export const RESTORE_COMMAND = 'cat BACKUP.age.0* | age -d -i key.txt | tar -xz';

/**
 * Generate key pair: the Director makes an age key pair; its public key is saved as a recipient
 * of the ticked targets, then the recovery (secret) key is shown this once. The key lives only
 * in this dialog's state: the Director never stores it, and closing the dialog forgets it.
 */
export function KeyDialog({ onClose, onSaved }: { onClose(): void; onSaved(text: string): void }) {
  const targets = useApp((s) => s.settings!.offsite.targets);
  const [chosen, setChosen] = useState<string[]>(() => targets.map((t) => t.id));
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  const [shown, setShown] = useState<{ pair: OffsiteKeyPair; labels: string[] } | null>(null);
  const [baseRevision] = useState(() => useApp.getState().settings?.revision);

  const generate = async () => {
    if (chosen.length === 0) {
      setError('No target is ticked: tick the targets whose copies this key should open.');
      return;
    }
    setBusy(true);
    setNotice(null);
    const pair = await getBridge().invoke('offsite.keygen', {});
    if (!pair.ok) {
      setBusy(false);
      setNotice({ kind: 'error', text: `No key was made: ${pair.error.message}` });
      return;
    }
    const next = targets.map((t) => {
      const input = targetInputFrom(t);
      return chosen.includes(t.id) ? { ...input, recipients: [...input.recipients, pair.value.publicKey] } : input;
    });
    const saved = await getBridge().invoke('settings.update', { offsite: { targets: next }, baseRevision });
    setBusy(false);
    // A key no target encrypts for would be of no use: it is shown only once it is saved.
    if (!saved.ok) {
      setNotice({ kind: 'error', text: `No key was added, nothing was saved: ${saved.error.message}` });
      return;
    }
    const labels = targets.filter((t) => chosen.includes(t.id)).map((t) => t.label);
    setShown({ pair: pair.value, labels });
    onSaved(`A new key pair was made; copies to ${labels.map((l) => `"${l}"`).join(', ')} are now encrypted for its public key.`);
  };

  if (shown) return <RecoverySheet pair={shown.pair} labels={shown.labels} onClose={onClose} />;
  return (
    <FormDialog
      title="Generate Key Pair"
      onClose={onClose}
      notice={notice}
      actions={
        <Button className="button primary" isDisabled={busy} onPress={() => void generate()}>
          {busy ? 'Generating…' : 'Generate key pair'}
        </Button>
      }
    >
      <p>
        HotBackup makes a new age key pair. Its public key is added to the targets ticked below, so their copies are encrypted for it. Its recovery (secret) key is shown once, to print or copy: HotBackup does not keep it.
      </p>
      <CheckChoices label="Encrypt copies to these targets with the new key" value={chosen} onChange={(v) => (setChosen(v), setError(undefined))} error={error}>
        {targets.map((t) => (
          <CheckChoice key={t.id} value={t.id}>
            {t.label}
          </CheckChoice>
        ))}
      </CheckChoices>
    </FormDialog>
  );
}

/** The recovery key, shown once, as a sheet to print: the key, its date, its targets and the restore command. */
function RecoverySheet({ pair, labels, onClose }: { pair: OffsiteKeyPair; labels: string[]; onClose(): void }) {
  const [copied, setCopied] = useState<Notice>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(pair.secretKey);
      setCopied({ kind: 'ok', text: 'The recovery key is on the clipboard: paste it into your password manager now, then clear the clipboard.' });
    } catch {
      setCopied({ kind: 'error', text: 'This window may not use the clipboard: select the key above and copy it by hand (Ctrl+C).' });
    }
  };
  return (
    <FormDialog
      title="Recovery Key"
      onClose={onClose}
      notice={copied}
      className="wide recovery-dialog"
      cancelLabel="I have stored the key"
      actions={
        <>
          <Button className="button" onPress={() => void copy()}>
            Copy key
          </Button>
          <Button className="button" onPress={() => window.print()}>
            Print recovery sheet
          </Button>
        </>
      }
    >
      <p className="key-warning" role="alert">
        <strong>Shown only this once.</strong> HotBackup does not keep this recovery key. Without it no encrypted offsite copy can be restored, by anyone. Print this sheet or copy the key into a password manager now, and keep it away from this computer.
      </p>
      <section className="recovery-sheet" aria-labelledby="recovery-sheet-heading">
        <h3 id="recovery-sheet-heading">HotBackup recovery sheet</h3>
        <dl>
          <dt>Created</dt>
          <dd>{formatDateTime(pair.created)}</dd>
          <dt>Opens the copies on</dt>
          <dd data-testid="sheet-targets">{labels.join(', ')}</dd>
          <dt>Public key</dt>
          <dd>
            <code>{pair.publicKey}</code>
          </dd>
        </dl>
        <h4>Recovery key (save it as key.txt, all three lines)</h4>
        <pre className="recovery-key" data-testid="recovery-key" tabIndex={0} aria-label="Recovery key">
          {pair.secretKey}
        </pre>
        <h4>To restore a copy with standard tools</h4>
        <p>In the copy&apos;s folder, with age and tar installed:</p>
        <pre className="restore-command">{RESTORE_COMMAND}</pre>
      </section>
    </FormDialog>
  );
}
