import type { Notice } from '../components/notice.js';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { CheckBox, PlainField, RadioChoice, RadioChoices } from '../components/form-controls.js';
import { FormDialog } from '../components/form-dialog.js';
import { getBridge, useApp } from '../store/store.js';
import {
  checkEmailServerForm,
  defaultPorts,
  emailServerErrorsFromDirector,
  emailServerFormFrom,
  portAfterSecurityChange,
  securityLabels,
  testRecipientProblem,
  type EmailServerErrors,
  type EmailServerForm,
  type Security,
} from './email-server-form.js';

/** Configure E-mail Server: SMTP host, security with its usual port, login (write-only password), sender; and a test e-mail. */
export function EmailServerDialog({ onClose, onSaved }: { onClose(): void; onSaved(text: string): void }) {
  const server = useApp((s) => s.settings!.email.server);
  const [form, setForm] = useState<EmailServerForm>(() => emailServerFormFrom(server));
  const [errors, setErrors] = useState<EmailServerErrors>({});
  const [notice, setNotice] = useState<Notice>(null);
  const [testTo, setTestTo] = useState('');
  const [testError, setTestError] = useState<string | null>(null);
  const [testResult, setTestResult] = useState<Notice>(null);
  const [busy, setBusy] = useState<'save' | 'test' | null>(null);
  const [dirty, setDirty] = useState(false);
  // The settings revision this dialog was filled from: a save on top of a newer one is refused.
  const [baseRevision, setBaseRevision] = useState(() => useApp.getState().settings?.revision);

  const edit = <K extends keyof EmailServerForm>(key: K) => (value: EmailServerForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
    setDirty(true);
    setNotice(null);
  };

  /** Check and save; true when saved (or nothing to save). */
  const save = async (): Promise<boolean> => {
    const { patch, errors: found } = checkEmailServerForm(form, server.passwordSet);
    setErrors(found);
    if (!patch) {
      setNotice({ kind: 'error', text: 'Nothing was saved: correct the fields marked above.' });
      return false;
    }
    const r = await getBridge().invoke('settings.update', { ...patch, baseRevision });
    if (!r.ok) {
      setErrors(emailServerErrorsFromDirector(r.error.message));
      setNotice({ kind: 'error', text: `Nothing was saved: ${r.error.message}` });
      return false;
    }
    setForm(emailServerFormFrom(r.value.email.server));
    setBaseRevision(r.value.revision);
    setDirty(false);
    return true;
  };

  const sendTest = async () => {
    setTestResult(null);
    const problem = testRecipientProblem(testTo);
    setTestError(problem);
    if (problem) return;
    setBusy('test');
    // The test uses the saved settings, so what is on screen is saved first.
    if (dirty && !(await save())) {
      setBusy(null);
      setTestResult({ kind: 'error', text: 'No test e-mail was sent: the settings above could not be saved.' });
      return;
    }
    const r = await getBridge().invoke('notify.test', testTo.trim() ? { to: testTo.trim() } : {});
    setBusy(null);
    setTestResult(
      r.ok
        ? { kind: 'ok', text: `Test e-mail sent to ${r.value.to} through ${r.value.server}. The server answered: ${r.value.response}` }
        : { kind: 'error', text: r.error.message },
    );
  };

  return (
    <FormDialog
      title="Configure E-mail Server"
      onClose={onClose}
      notice={notice}
      actions={
        <Button
          className="button primary"
          isDisabled={busy !== null}
          onPress={async () => {
            setBusy('save');
            const ok = await save();
            setBusy(null);
            if (ok) {
              onSaved('E-mail server saved.');
              onClose();
            }
          }}
        >
          {busy === 'save' ? 'Saving…' : 'Save'}
        </Button>
      }
    >
      <div className="server-grid">
        <PlainField label="SMTP server" value={form.host} onChange={edit('host')} error={errors.host} placeholder="smtp.example.com" autoComplete="off" />
        <PlainField
          label="Port"
          value={form.port}
          onChange={edit('port')}
          error={errors.port}
          inputMode="numeric"
          description={`Usually ${defaultPorts[form.security]} with ${securityLabels[form.security]}`}
        />
      </div>
      <RadioChoices
        label="Security"
        value={form.security}
        onChange={(v) => {
          const security = v as Security;
          setForm((f) => ({ ...f, security, port: portAfterSecurityChange(f.port, security) }));
          setErrors((e) => ({ ...e, port: undefined }));
          setDirty(true);
        }}
        description="The port follows this choice unless you typed a port of your own."
      >
        {(Object.keys(securityLabels) as Security[]).map((s) => (
          <RadioChoice key={s} value={s}>
            {securityLabels[s]} (port {defaultPorts[s]})
          </RadioChoice>
        ))}
      </RadioChoices>
      <div className="server-grid">
        <PlainField label="User name" value={form.username} onChange={edit('username')} error={errors.username} autoComplete="off" description="Empty if the server needs no login" />
        <PlainField
          label="Password"
          type="password"
          value={form.password}
          onChange={edit('password')}
          error={errors.password}
          autoComplete="new-password"
          description={
            <span data-testid="password-state">
              Password: {server.passwordSet ? 'set' : 'not set'}
              {server.passwordSet ? ' (leave empty to keep it)' : ''}
            </span>
          }
        />
      </div>
      {server.passwordSet && (
        <CheckBox isSelected={form.clearPassword} onChange={edit('clearPassword')}>
          Remove the saved password
        </CheckBox>
      )}
      <div className="server-grid">
        <PlainField label="From address" value={form.fromAddress} onChange={edit('fromAddress')} error={errors.fromAddress} type="email" placeholder="backup@example.com" />
        <PlainField label="From name" value={form.fromName} onChange={edit('fromName')} error={errors.fromName} />
      </div>
      <PlainField label="Timeout (seconds)" value={form.timeoutSeconds} onChange={edit('timeoutSeconds')} error={errors.timeoutSeconds} inputMode="numeric" description="1 to 300" />
      <section className="test-mail" aria-labelledby="test-mail-heading">
        <h3 id="test-mail-heading">Send a test e-mail</h3>
        <PlainField
          label="Send test e-mail to"
          value={testTo}
          onChange={(v) => {
            setTestTo(v);
            setTestError(null);
          }}
          error={testError}
          type="email"
          placeholder={form.fromAddress || 'you@example.com'}
          description="Empty: to the from address. Unsaved changes above are saved first."
        />
        <Button className="button" isDisabled={busy !== null} onPress={() => void sendTest()}>
          {busy === 'test' ? 'Sending…' : 'Send test e-mail'}
        </Button>
        {testResult && (
          <p role={testResult.kind === 'error' ? 'alert' : 'status'} className={`notice ${testResult.kind}`} data-testid="test-mail-result">
            {testResult.text}
          </p>
        )}
      </section>
    </FormDialog>
  );
}
