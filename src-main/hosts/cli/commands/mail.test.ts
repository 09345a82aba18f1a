import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startTestSmtp, type TestSmtpServer } from '../../../director/notify/testing/smtp-fixture.js';
import { runCli } from '../main.js';

let dir: string;
let smtp: TestSmtpServer;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hb-cli-mail-'));
  smtp = await startTestSmtp({ security: 'none', auth: { user: 'backup', pass: 'right-password' } });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await smtp.close();
  await rm(dir, { recursive: true, force: true });
});

/** Run `hotbackup` in-process and capture what it prints. */
async function hotbackup(...args: string[]) {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((c) => ((out += String(c)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((c) => ((err += String(c)), true));
  const code = await runCli(['--config-dir', dir, ...args]);
  vi.restoreAllMocks();
  return { code, out, err };
}

describe('hotbackup mail test', () => {
  beforeEach(async () => {
    for (const [k, v] of [
      ['email.server.host', '127.0.0.1'], ['email.server.port', String(smtp.port)], ['email.server.security', 'none'],
      ['email.server.username', 'backup'], ['email.server.fromAddress', 'hb@example.com'],
    ] as const) {
      expect((await hotbackup('settings', 'set', k, v)).code).toBe(0);
    }
  });

  it('prints the server\'s answer', async () => {
    expect((await hotbackup('settings', 'set', 'email.server.password', 'right-password')).out).toBe('email.server.password = set\n');
    const r = await hotbackup('mail', 'test', '--to', 'admin@example.com');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^Test e-mail sent to admin@example.com via 127\\.0\\.0\\.1:${smtp.port}: 250 `));
    expect(smtp.mails).toHaveLength(1);
  });

  it('wrong password: exit 1 with a clear auth error', async () => {
    await hotbackup('settings', 'set', 'email.server.password', 'wrong-password');
    const r = await hotbackup('mail', 'test');
    expect(r.code).toBe(1);
    expect(r.err).toContain(`hotbackup: Test e-mail not sent: The SMTP server 127.0.0.1:${smtp.port} refused the login of user "backup": authentication failed`);
    expect(r.err + r.out).not.toContain('wrong-password');
  });

  it('a bad --to address is bad input (exit 2)', async () => {
    const r = await hotbackup('mail', 'test', '--to', 'nobody');
    expect(r.code).toBe(2);
    expect(r.err).toContain('to must be an e-mail address');
  });
});
