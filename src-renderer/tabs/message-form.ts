import { z } from 'zod';
import { placeholderNames, unknownPlaceholders } from '../../shared/notify.js';
import type { NotificationMessage } from '../../shared/settings.js';

export type When = NotificationMessage['when'];

export const whenLabels: Record<When, string> = {
  failure: 'When a HotBackup fails',
  success: 'When a HotBackup succeeds',
  always: 'After every HotBackup',
};
export const whenShort: Record<When, string> = { failure: 'On failure', success: 'On success', always: 'Always' };

/** The Notification Message dialog as typed; addresses are one text each, separated by commas. */
export interface MessageForm {
  name: string;
  enabled: boolean;
  when: When;
  to: string;
  cc: string;
  subject: string;
  body: string;
  attachLog: boolean;
}
export type MessageErrors = Partial<Record<keyof MessageForm, string>>;

/** Starting templates, per kind: a failure says why, a success says what was saved. */
export function defaultTemplates(when: When): { subject: string; body: string } {
  const lines = ['HotBackup {{id}} {{result}} ({{trigger}}).', '', 'Started: {{started}}', 'Ended: {{ended}} ({{duration}})'];
  const failure = ['Problem: {{error}}', 'Stopped in phase: {{phase}}', 'Its log is in: {{folder}}'];
  const success = ['Backed up: {{files}} files, {{size}}', 'Skipped: {{skipped}}', 'Saved in: {{folder}}'];
  const body = [...lines, ...(when === 'success' ? success : when === 'failure' ? failure : ['Backed up: {{files}} files, {{size}}', 'Skipped: {{skipped}}', 'Folder: {{folder}}', 'Problem (if it failed): {{error}}'])];
  return { subject: 'HotBackup {{result}} on {{host}}', body: [...body, '', 'Console: {{consoleUrl}}'].join('\n') };
}

export const newMessageForm = (when: When = 'failure'): MessageForm => ({
  name: '',
  enabled: true,
  when,
  to: '',
  cc: '',
  ...defaultTemplates(when),
  attachLog: true,
});

/** Changing "Send" on a message whose templates are still the starting ones brings that kind's templates. */
export function followWhen(form: MessageForm, when: When): MessageForm {
  const before = defaultTemplates(form.when);
  const untouched = form.subject === before.subject && form.body === before.body;
  return { ...form, when, ...(untouched ? defaultTemplates(when) : {}) };
}

export const messageFormFrom = (m: NotificationMessage): MessageForm => ({
  name: m.name,
  enabled: m.enabled,
  when: m.when,
  to: m.to.join(', '),
  cc: m.cc.join(', '),
  subject: m.subject,
  body: m.body,
  attachLog: m.attachLog,
});

/** "a@x.com, b@y.com; c@z.com" → the addresses. */
export const splitAddresses = (text: string): string[] =>
  text
    .split(/[,;\s]+/)
    .map((a) => a.trim())
    .filter(Boolean);

const isEmail = (s: string) => z.email().safeParse(s).success;

function addressProblem(label: string, text: string): string | undefined {
  const bad = splitAddresses(text).filter((a) => !isEmail(a));
  if (bad.length === 0) return undefined;
  const list = bad.map((a) => `"${a}"`).join(', ');
  return `${list} in ${label} ${bad.length > 1 ? 'are not e-mail addresses' : 'is not an e-mail address'}: use the form name@example.com, separating addresses with commas.`;
}

function placeholderProblem(label: string, template: string): string | undefined {
  const unknown = unknownPlaceholders(template);
  if (unknown.length === 0) return undefined;
  return (
    `${label} uses ${unknown.map((n) => `{{${n}}}`).join(', ')}, which HotBackup does not know: ` +
    `pick one from "Insert placeholder" (e.g. {{${placeholderNames[0]}}}, {{result}}, {{error}}).`
  );
}

/**
 * Check the dialog: the message to save (keeping `id`), or a message per wrong field.
 * `others` are the other saved messages (names must differ).
 */
export function checkMessageForm(
  form: MessageForm,
  id: string,
  others: readonly NotificationMessage[],
): { message: NotificationMessage | null; errors: MessageErrors } {
  const errors: MessageErrors = {};
  const name = form.name.trim();
  if (name === '') errors.name = 'No name is given: name the message, e.g. "Backup failed – office manager".';
  else if (others.some((m) => m.id !== id && m.name.trim().toLowerCase() === name.toLowerCase())) {
    errors.name = `A message named "${name}" already exists: choose another name, or edit that message.`;
  }
  errors.to = addressProblem('To', form.to);
  if (!errors.to && splitAddresses(form.to).length === 0) errors.to = 'No recipient is given: enter at least one address in To, e.g. office@example.com.';
  errors.cc = addressProblem('Cc', form.cc);
  if (form.subject.trim() === '') errors.subject = 'The subject is empty: enter one, e.g. HotBackup {{result}} on {{host}}.';
  else errors.subject = placeholderProblem('The subject', form.subject);
  errors.body = placeholderProblem('The message', form.body);

  for (const k of Object.keys(errors) as (keyof MessageForm)[]) if (!errors[k]) delete errors[k];
  if (Object.keys(errors).length) return { message: null, errors };
  return {
    message: {
      id,
      name,
      enabled: form.enabled,
      when: form.when,
      to: splitAddresses(form.to),
      cc: splitAddresses(form.cc),
      subject: form.subject,
      body: form.body,
      attachLog: form.attachLog,
    },
    errors,
  };
}

/** Insert `{{name}}` into `text` at the caret (or replacing the selection); returns the text and the new caret. */
export function insertPlaceholder(text: string, name: string, start: number, end = start): { text: string; caret: number } {
  const token = `{{${name}}}`;
  const s = Math.max(0, Math.min(start, text.length));
  const e = Math.max(s, Math.min(end, text.length));
  return { text: text.slice(0, s) + token + text.slice(e), caret: s + token.length };
}

/** "email.messages.2.subject: …" from the Director → that field, when it is about the message being edited. */
export function messageErrorsFromDirector(message: string, index: number): MessageErrors {
  const errors: MessageErrors = {};
  for (const part of message.replace(/^Settings not saved: /, '').split('; ')) {
    const m = /^email\.messages\.(\d+)\.(name|to|cc|subject|body)(?:\.\d+)?: (.*)$/.exec(part);
    if (m && Number(m[1]) === index) errors[m[2] as keyof MessageForm] = m[3];
  }
  return errors;
}
