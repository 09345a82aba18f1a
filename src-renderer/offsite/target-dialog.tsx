import { useState } from 'react';
import { Button } from 'react-aria-components';
import type { PublicOffsiteTarget } from '../../shared/offsite-settings.js';
import { CheckBox, CheckChoice, CheckChoices, PlainField, RadioChoice, RadioChoices } from '../components/form-controls.js';
import { FormDialog } from '../components/form-dialog.js';
import type { Notice } from '../components/notice.js';
import { getBridge, useApp } from '../store/store.js';
import { useListItemForm } from '../components/use-list-item-form.js';
import { dayName, weekOrder } from '../tabs/schedule-form.js';
import { checkTargetForm, emptyTargetForm, idFromLabel, targetErrorsFromDirector, targetFormFrom, targetInputFrom, type TargetForm, type WhenChoice } from './target-form.js';
import { TestResult, testWords } from './test-result.js';

const whenLabels: Record<WhenChoice, string> = {
  afterRun: 'After every successful HotBackup',
  everyDay: 'Every day at…',
  weekdays: 'Weekdays (Mon–Fri) at…',
  chosen: 'On the days ticked below at…',
};

/** Add or edit an offsite target: where copies go, how many are kept, when, encrypted for whom; and a connection test. */
export function TargetDialog({ editing, onClose, onSaved }: { editing: PublicOffsiteTarget | null; onClose(): void; onSaved(text: string): void }) {
  const targets = useApp((s) => s.settings!.offsite.targets);
  const { form, errors, setErrors, notice, setNotice, saving, edit, saveList } = useListItemForm<TargetForm>(() => (editing ? targetFormFrom(editing) : emptyTargetForm));
  const [test, setTest] = useState<Notice>(null);
  const [testing, setTesting] = useState(false);
  const busy = saving ? 'save' : testing ? 'test' : null;
  const others = targets.filter((t) => t.id !== editing?.id);
  const id = editing?.id ?? idFromLabel(form.label.trim(), others.map((t) => t.id));

  const checked = (what: string) => {
    const r = checkTargetForm(form, id, others, editing?.secretsSet ?? []);
    setErrors(r.errors);
    if (!r.input) setNotice({ kind: 'error', text: `${what}: correct the fields marked above.` });
    return r.input;
  };

  const save = async () => {
    const input = checked('Nothing was saved');
    if (!input) return;
    const index = editing ? targets.findIndex((t) => t.id === editing.id) : targets.length;
    const next = targets.map(targetInputFrom);
    next.splice(index, editing ? 1 : 0, input);
    if (!(await saveList({ offsite: { targets: next } }, (message) => targetErrorsFromDirector(message, index)))) return;
    onSaved(`Offsite target "${input.label}" ${editing ? 'saved' : 'added'}.`);
    onClose();
  };

  const runTest = async () => {
    setTest(null);
    const candidate = checked('No test was run');
    if (!candidate) return;
    setTesting(true);
    const r = await getBridge().invoke('offsite.test', { candidate });
    setTesting(false);
    setTest(testWords(r));
  };

  return (
    <FormDialog
      title={editing ? `Edit Offsite Target "${editing.label}"` : 'Add Offsite Target'}
      onClose={onClose}
      notice={notice}
      className="offsite-dialog"
      actions={
        <>
          <Button className="button" isDisabled={busy !== null} onPress={() => void runTest()}>
            {busy === 'test' ? 'Testing…' : 'Test connection'}
          </Button>
          <Button className="button primary" isDisabled={busy !== null} onPress={() => void save()}>
            {busy === 'save' ? 'Saving…' : 'Save'}
          </Button>
        </>
      }
    >
      <TestResult result={test} />
      <div className="server-grid">
        <PlainField label="Label" value={form.label} onChange={edit('label')} error={errors.label} placeholder="Office NAS" description={id ? `ID: ${id}` : undefined} />
        <CheckBox isSelected={form.enabled} onChange={edit('enabled')}>
          Copy to this target
        </CheckBox>
      </div>
      <div className="server-grid">
        <PlainField label="Remote or folder" value={form.remote} onChange={edit('remote')} error={errors.remote} placeholder="office-nas: or /mnt/nas" description="An rclone remote name with its colon, or an absolute folder path (a local disk or a mounted share)" />
        <PlainField label="Folder on the remote" value={form.path} onChange={edit('path')} error={errors.path} placeholder="hotbackup/office" description="Empty: the remote's top folder" />
      </div>
      <PlainField label="rclone.conf" value={form.rcloneConfig} onChange={edit('rcloneConfig')} error={errors.rcloneConfig} placeholder="/etc/hotbackup/rclone.conf" description="Your own rclone config with this remote in it; empty: HotBackup writes one from the backend below" />
      <div className="server-grid">
        <PlainField label="Backend type" value={form.backendType} onChange={edit('backendType')} error={errors.backendType} placeholder="sftp, s3, webdav, smb, b2" description="rclone's name for it; used when no rclone.conf is given" />
        <PlainField label="Check percent" value={form.checkPercent} onChange={edit('checkPercent')} error={errors.checkPercent} inputMode="numeric" description="Where the remote has no hashes: parts downloaded and checked (100 = all)" />
      </div>
      <div className="server-grid">
        <PlainField label="Backend options" multiline value={form.backendOptions} onChange={edit('backendOptions')} error={errors.backendOptions} placeholder="host = nas.office.lan" description="name = value, one a line (rclone's option names)" />
        <PlainField
          label="Backend secrets"
          multiline
          value={form.secrets}
          onChange={edit('secrets')}
          error={errors.secrets}
          placeholder="pass = …"
          description={
            <span data-testid="secrets-state">
              name = value, one a line; stored sealed, never shown again. Set now: {editing?.secretsSet.length ? editing.secretsSet.join(', ') + ' (type only what changes)' : 'none'}
            </span>
          }
        />
      </div>
      {editing && editing.secretsSet.length > 0 && (
        <CheckBox isSelected={form.clearSecrets} onChange={edit('clearSecrets')}>
          Remove the saved secrets
        </CheckBox>
      )}
      <PlainField label="Copies kept" value={form.retention} onChange={edit('retention')} error={errors.retention} inputMode="numeric" description="Empty: as many as Recent + Archive keep here" />
      <RadioChoices label="When to copy" value={form.when} onChange={(v) => edit('when')(v as WhenChoice)}>
        {(Object.keys(whenLabels) as WhenChoice[]).map((w) => (
          <RadioChoice key={w} value={w}>
            {whenLabels[w]}
          </RadioChoice>
        ))}
      </RadioChoices>
      {form.when === 'chosen' && (
        <CheckChoices label="Days" value={form.days} onChange={edit('days')} error={errors.days}>
          {weekOrder.map((d) => (
            <CheckChoice key={d} value={String(d)}>
              {dayName(d)}
            </CheckChoice>
          ))}
        </CheckChoices>
      )}
      {form.when !== 'afterRun' && <PlainField label="Times" value={form.times} onChange={edit('times')} error={errors.times} placeholder="02:00, 14:00" description="HH:MM, several separated by commas" />}
      <PlainField
        label="Encrypt for (age public keys)"
        multiline
        value={form.recipients}
        onChange={edit('recipients')}
        error={errors.recipients}
        placeholder="age1…"
        description="One public key a line; empty: copies go unencrypted. Make a new key pair with “Generate key pair” on the Offsite tab."
      />
    </FormDialog>
  );
}
