import { localAdmin } from '../../../shared/roles.js';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallContext } from '../../../shared/contract.js';
import { createDirector, type Director } from '../director.js';
import { startTestSmtp, type TestSmtpServer } from '../notify/testing/smtp-fixture.js';

const PASSWORD = 'Corr3ct-Horse-Battery';
const ctx: CallContext = { clientId: 'test', identity: localAdmin('test'), emit: () => undefined, onDisconnect: () => undefined };
let dir: string;
let director: Director;
let smtp: TestSmtpServer | null = null;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hb-notify-handlers-'));
  director = await createDirector({ configDir: join(dir, 'config'), home: dir, platform: 'linux' });
});
afterEach(async () => {
  await director.close();
  await smtp?.close();
  smtp = null;
  await rm(dir, { recursive: true, force: true });
});

const call = (name: string, input: unknown) => director.invoke(name, input, ctx);
const server = (port: number, over: Record<string, unknown> = {}) =>
  call('settings.update', {
    email: { server: { host: '127.0.0.1', port, security: 'none', username: 'backup', password: PASSWORD, fromAddress: 'hb@example.com', timeoutSeconds: 5, ...over } },
  });

async function everythingOnDisk(): Promise<string> {
  const files: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      if (e.isDirectory()) await walk(join(d, e.name));
      else files.push(await readFile(join(d, e.name), 'utf8'));
    }
  };
  await walk(join(dir, 'config'));
  return files.join('\n');
}

describe('e-mail password', () => {
  it('never leaves the Director: not in settings.get, the settings file, the key file or any log line', async () => {
    smtp = await startTestSmtp({ security: 'none', auth: { user: 'backup', pass: PASSWORD } });
    const saved = await server(smtp.port);
    expect(saved.ok).toBe(true);
    const got = await call('settings.get', {});
    expect(got).toMatchObject({ ok: true, value: { email: { server: { passwordSet: true } } } });
    expect(JSON.stringify(got)).not.toContain(PASSWORD);
    expect(JSON.stringify(saved)).not.toContain(PASSWORD);

    const file = JSON.parse(await readFile(join(dir, 'config', 'settings.json'), 'utf8'));
    expect(file.email.server.passwordSealed).toMatch(/^keyfile\.v1:/);
    expect((await stat(join(dir, 'config', 'secret.key'))).mode & 0o777).toBe(0o600);

    // Use it (a good send and a failed one) so the logs have something to say.
    expect(await call('notify.test', { to: 'admin@example.com' })).toMatchObject({ ok: true });
    expect(smtp.mails[0]!.user).toBe('backup');
    await server(smtp.port, { password: 'wrong-one' });
    expect(await call('notify.test', { to: 'admin@example.com' })).toMatchObject({ ok: false });

    const disk = await everythingOnDisk();
    expect(disk).toContain('test e-mail to admin@example.com sent'); // the log was written
    expect(disk).not.toContain(PASSWORD);
    expect(disk).not.toContain('wrong-one');
  });

  it('password null clears it', async () => {
    await server(25);
    const cleared = await call('settings.update', { email: { server: { password: null } } });
    expect(cleared).toMatchObject({ ok: true, value: { email: { server: { passwordSet: false } } } });
  });
});

describe('saving messages', () => {
  const msg = { id: 'f', name: 'Failure alert', enabled: true, when: 'failure', to: ['a@example.com'], cc: [], subject: 'Backup {{id}} {{nope}}', body: '{{error}}', attachLog: true };

  it('refuses an unknown placeholder with its name, and keeps the saved settings', async () => {
    const before = await readFile(join(dir, 'config', 'settings.json'), 'utf8');
    const r = await call('settings.update', { email: { messages: [msg] } });
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(!r.ok && r.error.message).toContain('email.messages.0.subject: unknown placeholder {{nope}} in message "Failure alert"');
    expect(await readFile(join(dir, 'config', 'settings.json'), 'utf8')).toBe(before);
    expect(await call('settings.update', { email: { messages: [{ ...msg, subject: 'Backup {{id}}' }] } })).toMatchObject({ ok: true });
  });

  it('refuses a recipient that is not an address', async () => {
    const r = await call('settings.update', { email: { messages: [{ ...msg, subject: '', to: ['not-an-address'] }] } });
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(!r.ok && r.error.message).toContain('email.messages.0.to.0');
  });
});

describe('notify.test', () => {
  it('answers the server\'s reply', async () => {
    smtp = await startTestSmtp({ security: 'none', auth: { user: 'backup', pass: PASSWORD } });
    await server(smtp.port);
    const r = await call('notify.test', { to: 'admin@example.com' });
    expect(r).toMatchObject({ ok: true, value: { to: 'admin@example.com', server: `127.0.0.1:${smtp.port}` } });
    expect(r.ok && (r.value as { response: string }).response).toMatch(/^250 /);
    expect(smtp.mails[0]!.to).toEqual(['admin@example.com']);
  });

  it('wrong password: a clear auth error naming host:port', async () => {
    smtp = await startTestSmtp({ security: 'none', auth: { user: 'backup', pass: PASSWORD } });
    await server(smtp.port, { password: 'nope' });
    const r = await call('notify.test', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'MAIL_FAILED' } });
    expect(!r.ok && r.error.message).toBe(
      `Test e-mail not sent: The SMTP server 127.0.0.1:${smtp.port} refused the login of user "backup": authentication failed (the server said "535 Invalid username or password"). Check the user name and password in the e-mail settings.`,
    );
  });

  it('wrong port: a clear connection error, well within the timeout', async () => {
    const probe = await startTestSmtp({ security: 'none' });
    const port = probe.port;
    await probe.close();
    await server(port, { timeoutSeconds: 30 });
    const t0 = Date.now();
    const r = await call('notify.test', {});
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(!r.ok && r.error.message).toContain(`Cannot connect to the SMTP server 127.0.0.1:${port}: connection refused`);
  });

  it('a server that never answers: a timeout error after the configured seconds', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      await server(port, { timeoutSeconds: 1 });
      const t0 = Date.now();
      const r = await call('notify.test', {});
      expect(Date.now() - t0).toBeLessThan(4_000);
      expect(!r.ok && r.error.message).toContain(`The SMTP server 127.0.0.1:${port} did not answer within 1 s`);
    } finally {
      silent.close();
    }
  });

  it('no server set: says what to set', async () => {
    const r = await call('notify.test', { to: 'admin@example.com' });
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(!r.ok && r.error.message).toContain('No SMTP server is set');
  });
});

describe('notify.preview', () => {
  it('renders a saved message with a sample run, and a draft with its unknown names listed', async () => {
    const messages = [{ id: 'f', name: 'Failure alert', enabled: true, when: 'failure', to: ['a@example.com'], cc: [], subject: '{{result}}: {{id}}', body: '{{phase}} — {{error}}', attachLog: false }];
    expect(await call('settings.update', { email: { messages } })).toMatchObject({ ok: true });
    const saved = await call('notify.preview', { messageId: 'f' });
    expect(saved).toMatchObject({ ok: true, value: { subject: 'Failed: 26112601', sample: 'failure', unknownPlaceholders: [] } });
    expect(saved.ok && (saved.value as { body: string }).body).toMatch(/^Gathering File Statistics — the HotBackup folder has/);

    const draft = await call('notify.preview', { draft: { subject: '{{result}} {{oops}}', body: '{{size}}' }, sample: 'success' });
    expect(draft).toMatchObject({ ok: true, value: { subject: 'Succeeded {{oops}}', body: '4.5 GB', unknownPlaceholders: ['oops'] } });
    expect(await call('notify.preview', { messageId: 'missing' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
