import { useEffect, useRef, useState } from 'react';
import { Button, Menu, MenuItem, MenuTrigger, Popover, Text } from 'react-aria-components';
import { placeholderNames, placeholders, type NotifyPreviewOutput } from '../../shared/notify.js';
import type { NotificationMessage } from '../../shared/settings.js';
import { CheckBox, PlainField, RadioChoice, RadioChoices } from '../components/form-controls.js';
import { FormDialog } from '../components/form-dialog.js';
import { getBridge, useApp } from '../store/store.js';
import { useListItemForm } from '../components/use-list-item-form.js';
import {
  checkMessageForm,
  followWhen,
  insertPlaceholder,
  messageErrorsFromDirector,
  messageFormFrom,
  newMessageForm,
  whenLabels,
  type MessageForm,
  type When,
} from './message-form.js';

type Sample = 'success' | 'failure';
type Preview = { kind: 'ok'; value: NotifyPreviewOutput } | { kind: 'error'; text: string } | null;

const newId = () => `m${crypto.randomUUID().replace(/-/g, '').slice(0, 8)}`;

/** Live preview of the templates with a sample run, rendered by the Director (`notify.preview`). */
function usePreview(subject: string, body: string, sample: Sample): Preview {
  const [preview, setPreview] = useState<Preview>(null);
  useEffect(() => {
    let current = true;
    const t = setTimeout(() => {
      void getBridge()
        .invoke('notify.preview', { draft: { subject, body }, sample })
        .then((r) => {
          if (current) setPreview(r.ok ? { kind: 'ok', value: r.value } : { kind: 'error', text: `No preview: ${r.error.message}` });
        });
    }, 250);
    return () => {
      current = false;
      clearTimeout(t);
    };
  }, [subject, body, sample]);
  return preview;
}

/** The Notification Message dialog: who gets an e-mail, when, and what it says (templates with placeholders). */
export function MessageDialog({ editing, onClose, onSaved }: { editing: NotificationMessage | null; onClose(): void; onSaved(text: string): void }) {
  const messages = useApp((s) => s.settings!.email.messages);
  const { form, setForm, errors, setErrors, notice, setNotice, saving, edit, saveList } = useListItemForm<MessageForm>(() => (editing ? messageFormFrom(editing) : newMessageForm()));
  const [sample, setSample] = useState<Sample>(editing?.when === 'success' ? 'success' : 'failure');
  const preview = usePreview(form.subject, form.body, sample);
  const subjectRef = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const bodyRef = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const lastField = useRef<'subject' | 'body'>('body');


  const insert = (name: string) => {
    const field = lastField.current;
    const el = (field === 'subject' ? subjectRef : bodyRef).current;
    const text = form[field];
    const start = el?.selectionStart ?? text.length;
    const { text: next, caret } = insertPlaceholder(text, name, start, el?.selectionEnd ?? start);
    edit(field)(next);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(caret, caret);
    });
  };

  const save = async () => {
    const id = editing?.id ?? newId();
    const { message, errors: found } = checkMessageForm(form, id, messages);
    setErrors(found);
    if (!message) {
      setNotice({ kind: 'error', text: 'Nothing was saved: correct the fields marked above.' });
      return;
    }
    const index = editing ? messages.findIndex((m) => m.id === editing.id) : messages.length;
    const next = editing ? messages.map((m) => (m.id === editing.id ? message : m)) : [...messages, message];
    if (!(await saveList({ email: { messages: next } }, (message) => messageErrorsFromDirector(message, index)))) return;
    onSaved(`Message "${message.name}" saved.`);
    onClose();
  };

  return (
    <FormDialog
      title="Notification Message"
      className="wide"
      onClose={onClose}
      notice={notice}
      actions={
        <Button className="button primary" isDisabled={saving} onPress={() => void save()}>
          {saving ? 'Saving…' : 'Save message'}
        </Button>
      }
    >
      <div className="message-grid">
        <div>
          <PlainField label="Message name" value={form.name} onChange={edit('name')} error={errors.name} description="For you: it is shown in the list, not sent" />
          <CheckBox isSelected={form.enabled} onChange={edit('enabled')}>
            Enabled (send this message)
          </CheckBox>
          <RadioChoices
            label="Send"
            value={form.when}
            onChange={(v) => {
              setForm((f) => followWhen(f, v as When));
              if (v !== 'always') setSample(v as Sample);
            }}
          >
            {(Object.keys(whenLabels) as When[]).map((w) => (
              <RadioChoice key={w} value={w}>
                {whenLabels[w]}
              </RadioChoice>
            ))}
          </RadioChoices>
          <PlainField label="To" value={form.to} onChange={edit('to')} error={errors.to} placeholder="office@example.com, it@example.com" description="One or more addresses, separated by commas" />
          <PlainField label="Cc" value={form.cc} onChange={edit('cc')} error={errors.cc} description="Optional" />
          <CheckBox isSelected={form.attachLog} onChange={edit('attachLog')}>
            Attach the HotBackup log (HB.LOG)
          </CheckBox>
        </div>
        <div>
          <PlainField
            label="Subject"
            value={form.subject}
            onChange={edit('subject')}
            error={errors.subject}
            inputRef={subjectRef}
            onFocus={() => (lastField.current = 'subject')}
          />
          <PlainField
            label="Message"
            multiline
            value={form.body}
            onChange={edit('body')}
            error={errors.body}
            inputRef={bodyRef}
            onFocus={() => (lastField.current = 'body')}
          />
          <MenuTrigger>
            <Button className="button small">Insert placeholder…</Button>
            <Popover placement="bottom start">
              <Menu className="placeholder-menu" aria-label="Placeholders" onAction={(key) => insert(String(key))}>
                {placeholderNames.map((n) => (
                  <MenuItem key={n} id={n} textValue={n} className="placeholder-item">
                    <Text slot="label">{`{{${n}}}`}</Text>
                    <Text slot="description">{placeholders[n]}</Text>
                  </MenuItem>
                ))}
              </Menu>
            </Popover>
          </MenuTrigger>
          <span className="hint"> goes where the cursor was in the subject or message.</span>
        </div>
      </div>
      <section className="preview" aria-labelledby="preview-heading">
        <h3 id="preview-heading">Preview</h3>
        <RadioChoices label="Fill in with" value={sample} onChange={(v) => setSample(v as Sample)}>
          <RadioChoice value="failure">a failed HotBackup</RadioChoice>
          <RadioChoice value="success">a successful HotBackup</RadioChoice>
        </RadioChoices>
        {preview?.kind === 'error' && <p className="notice error">{preview.text}</p>}
        {preview?.kind === 'ok' && (
          <div data-testid="preview" aria-live="polite">
            <p>
              Subject: <span className="subject">{preview.value.subject}</span>
            </p>
            <pre>{preview.value.body}</pre>
            {preview.value.unknownPlaceholders.length > 0 && (
              <p className="notice error">
                Not known, left as written: {preview.value.unknownPlaceholders.map((n) => `{{${n}}}`).join(', ')}
              </p>
            )}
          </div>
        )}
      </section>
    </FormDialog>
  );
}
