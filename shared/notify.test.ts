import { describe, expect, it } from 'vitest';
import { emailSettingsProblems, fillTemplate, NotifyPreviewInput, placeholderNames, placeholdersIn, unknownPlaceholders, type PlaceholderName } from './notify.js';
import type { NotificationMessage } from './settings.js';

const msg = (over: Partial<NotificationMessage>): NotificationMessage => ({
  id: 'a', name: 'Alert', enabled: true, when: 'failure', to: ['a@example.com'], cc: [], subject: '', body: '', attachLog: false, ...over,
});

describe('placeholders', () => {
  it.each([
    ['Backup {{id}} {{result}}', ['id', 'result'], []],
    ['{{ id }} and {{id}} again', ['id'], []],
    ['{{nope}} {{ID}} {{}}', ['nope', 'ID', ''], ['nope', 'ID', '']],
    ['no placeholders, { single } braces', [], []],
  ])('%j uses %j, unknown %j', (template, used, unknown) => {
    expect(placeholdersIn(template)).toEqual(used);
    expect(unknownPlaceholders(template)).toEqual(unknown);
  });

  it('fills known names and leaves unknown ones as written', () => {
    const values = Object.fromEntries(placeholderNames.map((n) => [n, `<${n}>`])) as Record<PlaceholderName, string>;
    expect(fillTemplate('{{ id }}/{{result}}/{{nope}}', values)).toBe('<id>/<result>/{{nope}}');
  });
});

describe('emailSettingsProblems', () => {
  const server = { fromAddress: '' };
  it.each([
    ['clean', [msg({ subject: '{{id}} {{result}}', body: '{{error}}' })], ''],
    ['unknown in subject, named', [msg({ subject: 'x {{nope}}' })], 'email.messages.0.subject: unknown placeholder {{nope}} in message "Alert"; use one of {{id}}'],
    ['unknown in body of the 2nd', [msg({}), msg({ id: 'b', name: 'B', body: '{{user}} {{who}}' })], 'email.messages.1.body: unknown placeholder {{who}} in message "B"'],
    ['duplicate id', [msg({}), msg({ name: 'Again' })], 'email.messages.1.id: "a" is used by two messages'],
  ])('%s', (_label, messages, expected) => {
    const problems = emailSettingsProblems({ server, messages });
    if (expected === '') expect(problems).toEqual([]);
    else expect(problems.join('\n')).toContain(expected);
  });

  it('refuses a from address that is not an address', () => {
    expect(emailSettingsProblems({ server: { fromAddress: 'backup at office' }, messages: [] })).toEqual([
      'email.server.fromAddress: "backup at office" is not an e-mail address; use the form name@example.com',
    ]);
    expect(emailSettingsProblems({ server: { fromAddress: 'backup@office.example' }, messages: [] })).toEqual([]);
  });
});

describe('NotifyPreviewInput', () => {
  it.each([
    [{ messageId: 'a' }, true],
    [{ draft: { subject: 's', body: 'b' }, sample: 'failure' }, true],
    [{}, false],
    [{ messageId: 'a', draft: { subject: 's', body: 'b' } }, false],
  ])('%j valid: %s', (input, ok) => {
    expect(NotifyPreviewInput.safeParse(input).success).toBe(ok);
  });
});
