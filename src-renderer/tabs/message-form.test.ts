import { describe, expect, it } from 'vitest';
import type { NotificationMessage } from '../../shared/settings.js';
import { checkMessageForm, followWhen, insertPlaceholder, messageErrorsFromDirector, newMessageForm, splitAddresses, type MessageForm } from './message-form.js';

const saved: NotificationMessage = {
  id: 'm1', name: 'Backup failed', enabled: true, when: 'failure', to: ['a@example.com'], cc: [], subject: 's', body: 'b', attachLog: true,
};
const form: MessageForm = { ...newMessageForm(), name: 'Nightly report', to: 'boss@example.com; it@example.com', cc: '' };

describe('checkMessageForm', () => {
  it('turns the form into a message, splitting addresses', () => {
    const r = checkMessageForm(form, 'm2', [saved]);
    expect(r.errors).toEqual({});
    expect(r.message).toMatchObject({ id: 'm2', name: 'Nightly report', to: ['boss@example.com', 'it@example.com'], cc: [], when: 'failure' });
  });
  it('the default templates use only known placeholders', () => {
    for (const when of ['failure', 'success', 'always'] as const) {
      expect(checkMessageForm({ ...newMessageForm(when), name: 'x', to: 'a@b.co' }, 'm2', []).errors).toEqual({});
    }
  });
  it('a new message takes the templates of the kind chosen, until they are edited', () => {
    const success = followWhen(newMessageForm('failure'), 'success');
    expect(success.body).toContain('{{files}}');
    expect(success.body).not.toContain('{{error}}');
    const edited = { ...newMessageForm('failure'), body: 'Mine: {{error}}' };
    expect(followWhen(edited, 'success')).toMatchObject({ when: 'success', body: 'Mine: {{error}}' });
  });
  it('lets a message keep its own name', () => {
    expect(checkMessageForm({ ...form, name: 'backup FAILED ' }, 'm1', [saved]).message?.name).toBe('backup FAILED');
  });

  const bad: { change: Partial<MessageForm>; field: keyof MessageForm; message: RegExp }[] = [
    { change: { name: '  ' }, field: 'name', message: /No name is given/ },
    { change: { name: 'Backup Failed' }, field: 'name', message: /A message named "Backup Failed" already exists/ },
    { change: { to: '' }, field: 'to', message: /No recipient is given/ },
    { change: { to: 'boss@example.com, bob@' }, field: 'to', message: /^"bob@" in To is not an e-mail address/ },
    { change: { cc: 'x, y@z' }, field: 'cc', message: /^"x", "y@z" in Cc are not e-mail addresses/ },
    { change: { subject: '' }, field: 'subject', message: /The subject is empty/ },
    { change: { subject: 'Run {{reslt}}' }, field: 'subject', message: /The subject uses \{\{reslt\}\}, which HotBackup does not know/ },
    { change: { body: 'x {{ nope }} {{error}}' }, field: 'body', message: /uses \{\{nope\}\}/ },
  ];
  for (const c of bad) {
    it(`refuses ${JSON.stringify(c.change)}`, () => {
      const r = checkMessageForm({ ...form, ...c.change }, 'm2', [saved]);
      expect(r.message).toBeNull();
      expect(r.errors[c.field]).toMatch(c.message);
    });
  }
});

describe('helpers', () => {
  it('splits addresses on commas, semicolons and spaces', () => {
    expect(splitAddresses(' a@x.com,b@y.com ;  c@z.com ')).toEqual(['a@x.com', 'b@y.com', 'c@z.com']);
  });
  it('inserts a placeholder at the caret or over the selection', () => {
    expect(insertPlaceholder('Backup  done', 'id', 7)).toEqual({ text: 'Backup {{id}} done', caret: 13 });
    expect(insertPlaceholder('Backup XX', 'result', 7, 9)).toEqual({ text: 'Backup {{result}}', caret: 17 });
    expect(insertPlaceholder('ab', 'id', 99)).toEqual({ text: 'ab{{id}}', caret: 8 });
  });
  it('maps a Director message about this message to its field only', () => {
    const msg = 'Settings not saved: email.messages.1.subject: unknown placeholder {{x}}; email.messages.0.to.0: bad';
    expect(messageErrorsFromDirector(msg, 1)).toEqual({ subject: 'unknown placeholder {{x}}' });
    expect(messageErrorsFromDirector(msg, 0)).toEqual({ to: 'bad' });
  });
});
