import { describe, expect, it } from 'vitest';
import { checkEmailServerForm, emailServerErrorsFromDirector, portAfterSecurityChange, testRecipientProblem, type EmailServerForm } from './email-server-form.js';

describe('portAfterSecurityChange', () => {
  const cases = [
    { port: '587', to: 'tls', want: '465' },
    { port: '465', to: 'none', want: '25' },
    { port: '25', to: 'starttls', want: '587' },
    { port: '', to: 'tls', want: '465' },
    { port: ' 587 ', to: 'none', want: '25' },
    { port: '2525', to: 'tls', want: '2525' },
    { port: 'abc', to: 'tls', want: 'abc' },
  ] as const;
  for (const c of cases) {
    it(`${JSON.stringify(c.port)} → ${c.to} gives ${c.want}`, () => expect(portAfterSecurityChange(c.port, c.to)).toBe(c.want));
  }
});

const good: EmailServerForm = {
  host: 'smtp.example.com',
  port: '587',
  security: 'starttls',
  username: '',
  password: '',
  clearPassword: false,
  fromName: 'HotBackup',
  fromAddress: 'backup@example.com',
  timeoutSeconds: '20',
};

describe('checkEmailServerForm', () => {
  it('gives the server patch without a password when none was typed', () => {
    const r = checkEmailServerForm(good, true);
    expect(r.errors).toEqual({});
    expect(r.patch).toEqual({
      email: { server: { host: 'smtp.example.com', port: 587, security: 'starttls', username: '', fromName: 'HotBackup', fromAddress: 'backup@example.com', timeoutSeconds: 20 } },
    });
  });
  it('sends a typed password, and null to remove the saved one', () => {
    expect(checkEmailServerForm({ ...good, username: 'u', password: 's3cret' }, false).patch?.email?.server?.password).toBe('s3cret');
    expect(checkEmailServerForm({ ...good, clearPassword: true }, true).patch?.email?.server?.password).toBeNull();
  });

  const bad: { change: Partial<EmailServerForm>; passwordSet?: boolean; field: keyof EmailServerForm; message: RegExp }[] = [
    { change: { host: ' ' }, field: 'host', message: /No SMTP server is given/ },
    { change: { host: 'smtp://mail.example.com' }, field: 'host', message: /is an address, not a server name/ },
    { change: { host: 'mail.example.com:587' }, field: 'host', message: /includes a port/ },
    { change: { port: '0' }, field: 'port', message: /Port "0" is not a port number: enter a whole number from 1 to 65535 \(usually 587 with STARTTLS\)/ },
    { change: { port: '70000' }, field: 'port', message: /from 1 to 65535/ },
    { change: { port: 'smtp' }, field: 'port', message: /Port "smtp"/ },
    { change: { fromAddress: '' }, field: 'fromAddress', message: /No from address/ },
    { change: { fromAddress: 'backup@' }, field: 'fromAddress', message: /"backup@" is not an e-mail address/ },
    { change: { timeoutSeconds: '301' }, field: 'timeoutSeconds', message: /from 1 to 300/ },
    { change: { username: 'office' }, passwordSet: false, field: 'password', message: /"office" needs a password/ },
    { change: { username: 'office', clearPassword: true }, passwordSet: true, field: 'password', message: /needs a password/ },
  ];
  for (const c of bad) {
    it(`refuses ${JSON.stringify(c.change)} on ${c.field}`, () => {
      const r = checkEmailServerForm({ ...good, ...c.change }, c.passwordSet ?? false);
      expect(r.patch).toBeNull();
      expect(r.errors[c.field]).toMatch(c.message);
    });
  }
  it('keeps a saved password for a user name', () => {
    expect(checkEmailServerForm({ ...good, username: 'office' }, true).patch).not.toBeNull();
  });
});

describe('test recipient and Director errors', () => {
  it('accepts empty or an address, refuses others', () => {
    expect(testRecipientProblem('')).toBeNull();
    expect(testRecipientProblem('a@b.co')).toBeNull();
    expect(testRecipientProblem('a@')).toMatch(/"a@" is not an e-mail address/);
  });
  it('maps the Director message to the field', () => {
    expect(emailServerErrorsFromDirector('Settings not saved: email.server.fromAddress: "x" is bad; folder.path: y')).toEqual({ fromAddress: '"x" is bad' });
  });
});
