import { useState } from 'react';
import { Button, Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import type { NotificationMessage } from '../../shared/settings.js';
import { ToggleSwitch } from '../components/form-controls.js';
import { ConfirmDialog } from '../components/form-dialog.js';
import { getBridge, useApp } from '../store/store.js';
import { securityLabels } from './email-server-form.js';
import { EmailServerDialog } from './email-server-dialog.js';
import { MessageDialog } from './message-dialog.js';
import { whenShort } from './message-form.js';
import { NoticeText, type Notice } from '../components/notice.js';


/** The HotBackup Notification tab: e-mails sent after HotBackups, and the server they go through. */
export function NotificationTab() {
  const email = useApp((s) => s.settings?.email);
  const [dialog, setDialog] = useState<{ kind: 'server' } | { kind: 'message'; editing: NotificationMessage | null } | null>(null);
  const [deleting, setDeleting] = useState<NotificationMessage | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  if (!email) return <p>Loading settings…</p>;
  const { server, messages } = email;

  const saveMessages = async (next: NotificationMessage[], done: string) => {
    setBusy(true);
    const r = await getBridge().invoke('settings.update', { email: { messages: next }, baseRevision: useApp.getState().settings?.revision });
    setBusy(false);
    setNotice(r.ok ? { kind: 'ok', text: done } : { kind: 'error', text: `Nothing was changed: ${r.error.message}` });
    return r.ok;
  };
  const warnsOnFailure = messages.some((m) => m.enabled && m.when !== 'success');

  return (
    <section className="panel" aria-labelledby="notification-heading">
      <h2 id="notification-heading">HotBackup Notification</h2>
      <p className="hint">E-mails sent after HotBackups. A message that cannot be sent is logged and shown; it never changes the HotBackup&apos;s result.</p>
      <div className="actions">
        <p data-testid="server-summary">
          {server.host ? (
            <>
              E-mail server: <strong>{`${server.host}:${server.port}`}</strong> ({securityLabels[server.security]}), from{' '}
              {server.fromName ? `${server.fromName} <${server.fromAddress}>` : server.fromAddress}
            </>
          ) : (
            <strong>No e-mail server is configured yet: messages cannot be sent until you configure one.</strong>
          )}
        </p>
        <Button className="button" onPress={() => setDialog({ kind: 'server' })}>
          Configure E-mail Server
        </Button>
      </div>
      {!warnsOnFailure && (
        <p className="hint" role="note">
          Tip: add at least one message sent when a HotBackup fails, so someone hears about problems.
        </p>
      )}
      <div className="actions">
        <Button className="button primary" onPress={() => setDialog({ kind: 'message', editing: null })}>
          Add New Message
        </Button>
        <NoticeText notice={notice} />
      </div>
      <Table aria-label="E-mail messages" className="data-table">
        <TableHeader>
          <Column isRowHeader>Name</Column>
          <Column>When</Column>
          <Column>Recipients</Column>
          <Column>Enabled</Column>
          <Column>Actions</Column>
        </TableHeader>
        <TableBody items={messages} renderEmptyState={() => <p className="empty-note">No messages yet. Press &ldquo;Add New Message&rdquo;.</p>}>
          {(m) => (
            <Row id={m.id}>
              <Cell>{m.name}</Cell>
              <Cell>{whenShort[m.when]}</Cell>
              <Cell>
                {m.to.join(', ')}
                {m.cc.length > 0 && <span className="hint"> (cc {m.cc.join(', ')})</span>}
              </Cell>
              <Cell>
                <ToggleSwitch
                  aria-label={`Enabled: ${m.name}`}
                  isSelected={m.enabled}
                  isDisabled={busy}
                  onChange={(enabled) =>
                    void saveMessages(
                      messages.map((x) => (x.id === m.id ? { ...x, enabled } : x)),
                      `Message "${m.name}" ${enabled ? 'enabled' : 'disabled'}.`,
                    )
                  }
                >
                  {m.enabled ? 'Yes' : 'No'}
                </ToggleSwitch>
              </Cell>
              <Cell>
                <div className="row-actions">
                  <Button className="button small" aria-label={`Edit message ${m.name}`} onPress={() => setDialog({ kind: 'message', editing: m })}>
                    Edit
                  </Button>
                  <Button className="button small" aria-label={`Delete message ${m.name}`} isDisabled={busy} onPress={() => setDeleting(m)}>
                    Delete
                  </Button>
                </div>
              </Cell>
            </Row>
          )}
        </TableBody>
      </Table>
      {dialog?.kind === 'server' && <EmailServerDialog onClose={() => setDialog(null)} onSaved={(text) => setNotice({ kind: 'ok', text })} />}
      {dialog?.kind === 'message' && (
        <MessageDialog editing={dialog.editing} onClose={() => setDialog(null)} onSaved={(text) => setNotice({ kind: 'ok', text })} />
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete Message"
          message={`Delete the e-mail message "${deleting.name}"? Its recipients will no longer be told about HotBackups.`}
          confirmLabel="Delete"
          busy={busy}
          onClose={() => setDeleting(null)}
          onConfirm={() =>
            void saveMessages(
              messages.filter((x) => x.id !== deleting.id),
              `Message "${deleting.name}" deleted.`,
            ).then(() => setDeleting(null))
          }
        />
      )}
    </section>
  );
}
