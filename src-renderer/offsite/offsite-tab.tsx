import './offsite.css';
import { useState } from 'react';
import { Button, Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import type { PublicOffsiteTarget } from '../../shared/offsite-settings.js';
import { ConfirmDialog } from '../components/form-dialog.js';
import { NoticeText, type Notice } from '../components/notice.js';
import { getBridge, useApp } from '../store/store.js';
import { KeyDialog } from './key-dialog.js';
import { OffsiteRestoreDialog } from './offsite-restore-dialog.js';
import { lastCopyText, progressText, retentionText, whenText, whereText } from './offsite-format.js';
import { TargetDialog } from './target-dialog.js';
import { targetInputFrom } from './target-form.js';
import { checkWords, TestResult, testWords } from './test-result.js';

/** The Offsite tab: where copies of backups go (rclone targets), their encryption key, and each target's last copy. */
export function OffsiteTab() {
  const settings = useApp((s) => s.settings);
  const status = useApp((s) => s.offsite);
  const statusError = useApp((s) => s.offsiteError);
  const [dialog, setDialog] = useState<{ kind: 'target'; editing: PublicOffsiteTarget | null } | { kind: 'key' } | { kind: 'copies'; target: PublicOffsiteTarget } | null>(null);
  const [removing, setRemoving] = useState<PublicOffsiteTarget | null>(null);
  const [removeError, setRemoveError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [test, setTest] = useState<Notice>(null);
  if (!settings) return <p>Loading settings…</p>;
  const targets = settings.offsite.targets;
  const kept = settings.retention.recent + settings.retention.archive;
  const stateOf = (id: string) => status?.targets.find((s) => s.target === id) ?? null;

  const runTest = async (t: PublicOffsiteTarget) => {
    setBusy(`test:${t.id}`);
    setTest(null);
    const r = await getBridge().invoke('offsite.test', { target: t.id });
    setBusy(null);
    setTest(testWords(r));
  };
  const runCheck = async (t: PublicOffsiteTarget) => {
    setBusy(`check:${t.id}`);
    setTest(null);
    const r = await getBridge().invoke('offsite.check', { target: t.id });
    setBusy(null);
    setTest(checkWords(r));
  };
  const remove = async (t: PublicOffsiteTarget) => {
    setBusy('remove');
    const next = targets.filter((x) => x.id !== t.id).map(targetInputFrom);
    const r = await getBridge().invoke('settings.update', { offsite: { targets: next }, baseRevision: settings.revision });
    setBusy(null);
    if (!r.ok) return setRemoveError(`Nothing was removed: ${r.error.message}`);
    setRemoving(null);
    setNotice({ kind: 'ok', text: `Offsite target "${t.label}" removed. Copies already on it stay there.` });
  };

  return (
    <section className="panel offsite" aria-labelledby="offsite-heading">
      <h2 id="offsite-heading">HotBackup Offsite</h2>
      <p className="hint">
        Copies of each HotBackup on other storage (a NAS, a server, cloud storage) through rclone, encrypted with age when a public key is given. A copy runs after the HotBackup as its own job: it never delays a HotBackup or changes its result.
      </p>
      <div className="actions">
        <Button className="button primary" onPress={() => setDialog({ kind: 'target', editing: null })}>
          Add Offsite Target
        </Button>
        <Button className="button" isDisabled={targets.length === 0} onPress={() => setDialog({ kind: 'key' })}>
          Generate key pair
        </Button>
        <NoticeText notice={notice} />
      </div>
      {statusError && (
        <p role="alert" className="notice error">
          The copies&apos; state could not be read: {statusError}
        </p>
      )}
      <TestResult result={test} />
      <Table aria-label="Offsite targets" className="data-table offsite-table">
        <TableHeader>
          <Column isRowHeader>Target</Column>
          <Column>Where</Column>
          <Column>Copies</Column>
          <Column>When</Column>
          <Column>Encrypted</Column>
          <Column>Last copy</Column>
          <Column>Actions</Column>
        </TableHeader>
        <TableBody items={targets} dependencies={[status, busy]} renderEmptyState={() => <p className="empty-note">No offsite targets yet. Press &ldquo;Add Offsite Target&rdquo;.</p>}>
          {(t) => {
            const s = stateOf(t.id);
            const now = s ? progressText(s) : null;
            const last = s?.lastCopy ?? null;
            return (
              <Row id={t.id} className={t.enabled ? undefined : 'suspended'}>
                <Cell>
                  {t.label}
                  {!t.enabled && <span className="tag off"> not copying</span>}
                </Cell>
                <Cell className="mono">{whereText(t)}</Cell>
                <Cell>{retentionText(t.retention, kept)}</Cell>
                <Cell>{whenText(t.when)}</Cell>
                <Cell>{t.recipients.length > 0 ? <span className="tag on">On ({t.recipients.length === 1 ? '1 key' : `${t.recipients.length} keys`})</span> : <span className="tag off">Off</span>}</Cell>
                <Cell>
                  <span className={last && !last.ok ? 'copy-failed' : undefined} data-testid="last-copy">
                    {lastCopyText(last)}
                  </span>
                  {now && (
                    <span className="copy-now" role="status" data-testid="copy-progress">
                      {now}
                    </span>
                  )}
                </Cell>
                <Cell>
                  <div className="row-actions">
                    <Button className="button small" aria-label={`Test connection to ${t.label}`} isDisabled={busy !== null} onPress={() => void runTest(t)}>
                      {busy === `test:${t.id}` ? 'Testing…' : 'Test'}
                    </Button>
                    <Button className="button small" aria-label={`Check the newest copy on ${t.label}`} isDisabled={busy !== null} onPress={() => void runCheck(t)}>
                      {busy === `check:${t.id}` ? 'Checking…' : 'Check'}
                    </Button>
                    <Button className="button small" aria-label={`Copies on ${t.label}`} onPress={() => setDialog({ kind: 'copies', target: t })}>
                      Copies…
                    </Button>
                    <Button className="button small" aria-label={`Edit target ${t.label}`} onPress={() => setDialog({ kind: 'target', editing: t })}>
                      Edit
                    </Button>
                    <Button className="button small" aria-label={`Remove target ${t.label}`} isDisabled={busy !== null} onPress={() => (setRemoveError(null), setRemoving(t))}>
                      Remove
                    </Button>
                  </div>
                </Cell>
              </Row>
            );
          }}
        </TableBody>
      </Table>
      {dialog?.kind === 'target' && <TargetDialog editing={dialog.editing} onClose={() => setDialog(null)} onSaved={(text) => setNotice({ kind: 'ok', text })} />}
      {dialog?.kind === 'copies' && <OffsiteRestoreDialog target={dialog.target} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'key' && <KeyDialog onClose={() => setDialog(null)} onSaved={(text) => setNotice({ kind: 'ok', text })} />}
      {removing && (
        <ConfirmDialog
          title="Remove Offsite Target"
          message={`Remove the offsite target "${removing.label}"? No more copies go there; the copies already on it are not deleted.`}
          confirmLabel="Remove"
          busy={busy !== null}
          error={removeError}
          onClose={() => setRemoving(null)}
          onConfirm={() => void remove(removing)}
        />
      )}
    </section>
  );
}
