import { describe, expect, it } from 'vitest';
import { describeMailError, type MailFailureKind } from './smtp-errors.js';

const server = { host: 'smtp.office.example', port: 587, security: 'starttls' as const, username: 'backup', timeoutSeconds: 20 };
const err = (props: Record<string, unknown>) => Object.assign(new Error(String(props.message ?? '')), props);

// Shapes taken from nodemailer 10 against a real smtp-server.
describe('describeMailError', () => {
  it.each<[string, Record<string, unknown>, MailFailureKind, boolean, RegExp]>([
    ['wrong password', { code: 'EAUTH', responseCode: 535, response: '535 Invalid username or password', message: 'Invalid login: 535 Invalid username or password' },
      'auth', false, /refused the login of user "backup": authentication failed \(the server said "535 Invalid username or password"\)\. Check the user name and password/],
    ['login required', { code: 'EENVELOPE', responseCode: 530, response: '530 Error: authentication Required', message: 'Mail command failed' },
      'auth', false, /requires a login/],
    ['connection refused', { code: 'ESOCKET', originalCode: 'ECONNREFUSED', message: 'connect ECONNREFUSED 10.0.0.1:587' },
      'refused', true, /^Cannot connect to the SMTP server smtp\.office\.example:587: connection refused/],
    ['self-signed', { code: 'ESOCKET', originalCode: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' },
      'tls', false, /^TLS failure with the SMTP server smtp\.office\.example:587: self-signed certificate\. Check that the server offers STARTTLS/],
    ['TLS to a plain port', { code: 'ESOCKET', message: '80DC:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:..\n' },
      'tls', false, /^TLS failure with the SMTP server smtp\.office\.example:587: .*wrong version number/],
    ['no STARTTLS offered', { code: 'ETLS', responseCode: 500, response: '500 Error: command not recognized', message: 'Error upgrading connection with STARTTLS' },
      'tls', false, /^TLS failure/],
    ['silent server', { code: 'ETIMEDOUT', message: 'Greeting never received' },
      'timeout', true, /did not answer within 20 s \(timeout: Greeting never received\).*If the server expects TLS from the start/],
    ['unknown host', { code: 'EDNS', originalCode: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND smtp.office.example' },
      'dns', true, /^Cannot find the SMTP server "smtp\.office\.example" \(port 587\)/],
    ['mailbox busy', { code: 'EENVELOPE', responseCode: 451, response: '451 Try again later', message: 'Recipient command failed' },
      'rejected', true, /refused the sender or a recipient \(the server said "451 Try again later"\)\. It may accept it later/],
    ['no such user', { code: 'EENVELOPE', responseCode: 550, response: '550 No such user', message: 'Recipient command failed' },
      'rejected', false, /Check the from address and the recipients/],
    ['reset', { code: 'ECONNECTION', message: 'Connection closed unexpectedly' },
      'connection', true, /^The connection to the SMTP server smtp\.office\.example:587 failed/],
    ['anything else', { message: 'boom' }, 'other', false, /smtp\.office\.example:587 failed: boom/],
  ])('%s', (_label, props, kind, transient, text) => {
    const f = describeMailError(err(props), server);
    expect(f.kind).toBe(kind);
    expect(f.transient).toBe(transient);
    expect(f.message).toMatch(text);
  });
});
