import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountStore } from '../../../director/accounts/account-store.js';
import { runCliCaptured } from '../testing/run-cli-captured.js';

let cfg: string;
beforeEach(async () => {
  cfg = await mkdtemp(join(tmpdir(), 'hb-user-cli-'));
});
afterEach(async () => {
  await rm(cfg, { recursive: true, force: true });
});

/** The real `hotbackup` in a child process, with text on its standard input. */
function hotbackup(args: string[], input: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(process.cwd(), 'src-main/hosts/cli/entry.ts'), '--config-dir', cfg, ...args], { input, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('hotbackup user', () => {
  it('add --password-stdin keeps only an scrypt hash (0600 file); list, passwd, role and remove', async () => {
    const added = hotbackup(['user', 'add', 'bob', '--role', 'user', '--password-stdin'], 'a long enough secret\n');
    expect(added).toMatchObject({ code: 0, out: 'Added bob (user).\n' });
    const text = await readFile(join(cfg, 'accounts.json'), 'utf8');
    expect(text).not.toContain('a long enough secret');
    expect(text).toMatch(/"passwordHash": "scrypt\$32768\$8\$1\$/);
    expect((await stat(join(cfg, 'accounts.json'))).mode & 0o777).toBe(0o600);
    const store = new AccountStore(cfg);
    expect(await store.checkPassword('bob', 'a long enough secret')).toEqual({ kind: 'account', name: 'bob', role: 'user' });
    expect(await store.checkPassword('bob', 'a long enough secreT')).toBeNull();

    expect(hotbackup(['user', 'passwd', 'bob', '--password-stdin'], 'another secret here\n').code).toBe(0);
    expect(await store.checkPassword('bob', 'a long enough secret')).toBeNull();
    expect(await store.checkPassword('bob', 'another secret here')).not.toBeNull();

    expect((await runCliCaptured(cfg, ['user', 'role', 'bob', '--role', 'operator'])).code).toBe(0);
    expect((await runCliCaptured(cfg, ['user', 'list'])).out).toContain('bob  operator');
    expect((await runCliCaptured(cfg, ['user', 'remove', 'bob'])).code).toBe(0);
    expect((await runCliCaptured(cfg, ['user', 'list'])).out).toContain('No accounts yet');
  });

  it('refuses a short password, a taken name and an unknown account, saying what to do', async () => {
    const short = hotbackup(['user', 'add', 'bob', '--role', 'user', '--password-stdin'], 'short\n');
    expect(short.code).toBe(2);
    expect(short.err).toMatch(/too short: use at least 8 characters/);
    expect(hotbackup(['user', 'add', 'bob', '--role', 'user', '--password-stdin'], 'long enough pw\n').code).toBe(0);
    const again = await runCliCaptured(cfg, ['user', 'add', 'bob', '--role', 'admin', '--no-password']);
    expect(again.code).not.toBe(0);
    expect(again.err).toMatch(/exists already/);
    const missing = await runCliCaptured(cfg, ['user', 'remove', 'carol']);
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.err).toMatch(/no account "carol".*hotbackup user list/);
  });
});

describe('hotbackup tls', () => {
  it('renew replaces the certificate and prints the old and the new fingerprint', async () => {
    const shown = await runCliCaptured(cfg, ['tls', 'show']);
    const first = /fingerprint: (\S+)/.exec(shown.out)![1]!;
    const renewed = await runCliCaptured(cfg, ['tls', 'renew']);
    expect(renewed.code).toBe(0);
    expect(renewed.out).toContain(`Old SHA-256 fingerprint: ${first}`);
    const fresh = /New SHA-256 fingerprint: (\S+)/.exec(renewed.out)![1]!;
    expect(fresh).not.toBe(first);
    expect((await runCliCaptured(cfg, ['tls', 'show'])).out).toContain(fresh);
  });
});
