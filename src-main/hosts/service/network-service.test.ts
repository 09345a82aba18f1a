import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { X509Certificate } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountStore } from '../../director/accounts/account-store.js';
import { createDirector, type Director } from '../../director/director.js';
import type { Logger } from '../../base/logger.js';
import { runCliCaptured } from '../cli/testing/run-cli-captured.js';
import { CertificateChangedError, fetchPeerCertificate, type Pin } from '../client/peer-certificate.js';
import { startService, type RunningService } from './service.js';
import { CERT_FILE, KEY_FILE, TLS_DIR } from '../client/tls-cert.js';
import { connectWs, type WsClient } from '../client/ws-client.js';

// A Director on a network address (0.0.0.0: TLS only), real certificate, real accounts file,
// real WebSocket clients over TLS, and the real engine for the identity check.

let root: string;
let cfg: string;
let director: Director;
let service: RunningService;
let pin: Pin;
const waits: number[] = [];
const warnings: string[] = [];
const infos: string[] = [];
const logger: Logger = { info: (m) => void infos.push(m), warn: (m) => void warnings.push(m), error: () => undefined };
const clients: WsClient[] = [];
const cheap = { N: 1024, r: 8, p: 1 };

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-net-'));
  cfg = join(root, 'config');
  const data = join(root, 'data');
  await mkdir(join(data, 'docs'), { recursive: true });
  for (let i = 0; i < 3; i++) await writeFile(join(data, 'docs', `matter-${i}.txt`), 'Notes\n'.repeat(100));
  director = await createDirector({ configDir: cfg, logger, home: root, schedule: false });
  await director.services.settings.update({ folder: { path: join(root, 'HotBackup') }, dataDirectories: [{ path: data, label: '', exclude: [] }] });
  const accounts = new AccountStore(cfg, undefined, cheap);
  await accounts.add('alice', 'admin', 'correct horse battery');
  await accounts.add('bob', 'user', 'bobs long password');
  await accounts.add('olga', 'operator', 'olgas long password');
  waits.length = 0;
  warnings.length = 0;
  service = await startService({ director, host: '0.0.0.0', port: 0, rendererDir: join(root, 'no-renderer'), sleep: async (ms) => void waits.push(ms) });
  pin = await fetchPeerCertificate('127.0.0.1', service.port);
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await service.close();
  await director.close();
  await rm(root, { recursive: true, force: true });
});

function post(path: string, body: unknown): Promise<{ status: number; body: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: '127.0.0.1', port: service.port, path, method: 'POST', ca: pin.cert, checkServerIdentity: () => undefined, headers: { 'Content-Type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += String(c)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, string> }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}
async function signIn(name: string, password: string): Promise<WsClient> {
  const r = await post('/api/login', { name, password });
  expect(r.status).toBe(200);
  const c = await connectWs(`wss://127.0.0.1:${service.port}/api`, { bearer: r.body.token, pin });
  clients.push(c);
  return c;
}

describe('the Director on a network address', () => {
  it('serves TLS only: plain HTTP is refused with the https address to use', async () => {
    expect(service.secure).toBe(true);
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: service.port, path: '/' }, (res) => {
        let text = '';
        res.on('data', (c) => (text += String(c)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/speaks HTTPS only.*https:\/\//);
  });

  it('made a self-signed certificate with a 0600 key in the config directory, and shows its fingerprint under About', async () => {
    const key = await stat(join(cfg, TLS_DIR, KEY_FILE));
    expect(key.mode & 0o777).toBe(0o600);
    const cert = new X509Certificate(await readFile(join(cfg, TLS_DIR, CERT_FILE), 'utf8'));
    expect(service.fingerprint).toBe(cert.fingerprint256);
    expect(pin.fingerprint).toBe(cert.fingerprint256);
    const bob = await signIn('bob', 'bobs long password');
    const about = await bob.invoke('about.get', {});
    expect(about).toMatchObject({ ok: true, value: { fingerprint: cert.fingerprint256, signedInAs: { kind: 'account', name: 'bob', role: 'user' } } });
  });

  it('signs accounts in; each role is held to its table; a refusal names the role needed', async () => {
    const bob = await signIn('bob', 'bobs long password');
    expect((await bob.invoke('status.get', {})).ok).toBe(true);
    const settings = await bob.invoke('settings.get', {});
    expect(settings).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(!settings.ok && settings.error.message).toContain('needs the operator role');
    const olga = await signIn('olga', 'olgas long password');
    const update = await olga.invoke('settings.update', { retention: { recent: 3 } });
    expect(!update.ok && update.error.message).toContain('settings.update needs the admin role');
    const alice = await signIn('alice', 'correct horse battery');
    expect((await alice.invoke('settings.update', { retention: { recent: 3 } })).ok).toBe(true);
  });

  it('slows a wrong password after five tries and logs each failure', async () => {
    for (let i = 1; i <= 5; i++) expect((await post('/api/login', { name: 'bob', password: `guess ${i}` })).status).toBe(401);
    expect(waits).toEqual([]);
    expect((await post('/api/login', { name: 'bob', password: 'guess 6' })).status).toBe(401);
    expect((await post('/api/login', { name: 'bob', password: 'guess 7' })).status).toBe(401);
    expect(waits).toEqual([1000, 2000]);
    expect(warnings.filter((w) => w.startsWith('failed sign-in as "bob"'))).toHaveLength(7);
    expect(warnings.at(-1)).toMatch(/7 in a row, next try held 4 s/);
  });

  it('refuses a connection without credentials, and a certificate other than the pinned one', async () => {
    await expect(connectWs(`wss://127.0.0.1:${service.port}/api`, { pin })).rejects.toThrow(/not signed in/);
    const other: Pin = { ...pin, fingerprint: 'AA:' + pin.fingerprint.slice(3) };
    const err = await connectWs(`wss://127.0.0.1:${service.port}/api`, { pin: other }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CertificateChangedError);
    expect((err as Error).message).toContain(other.fingerprint);
    expect((err as Error).message).toContain(pin.fingerprint);
  });

  it('API tokens: made by `hotbackup user token create`, listed, and refused once revoked', async () => {
    const made = await runCliCaptured(cfg, ['user', 'token', 'create', 'bob', '--label', 'reindex script']);
    expect(made.code).toBe(0);
    const token = made.out.trim();
    expect(token).toMatch(/^hbt_[0-9a-f]{8}_/);
    const c = await connectWs(`wss://127.0.0.1:${service.port}/api`, { bearer: token, pin });
    clients.push(c);
    expect(await c.invoke('about.get', {})).toMatchObject({ ok: true, value: { signedInAs: { name: 'bob', role: 'user' } } });
    const listed = await runCliCaptured(cfg, ['user', 'token', 'list', 'bob']);
    expect(listed.out).toContain('reindex script');
    const id = token.split('_')[1]!;
    expect((await runCliCaptured(cfg, ['user', 'token', 'revoke', id])).code).toBe(0);
    await expect(connectWs(`wss://127.0.0.1:${service.port}/api`, { bearer: token, pin })).rejects.toThrow(/not signed in/);
  });

  it('an open connection loses what its account lost: a lowered role, a removed account, a revoked API token', async () => {
    const alice = await signIn('alice', 'correct horse battery');
    expect((await alice.invoke('settings.get', {})).ok).toBe(true);
    expect((await runCliCaptured(cfg, ['user', 'role', 'alice', '--role', 'user'])).code).toBe(0);
    expect(await alice.invoke('settings.get', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED', message: expect.stringContaining('your role is now user') } });
    await alice.closed;
    const olga = await signIn('olga', 'olgas long password');
    expect((await runCliCaptured(cfg, ['user', 'remove', 'olga'])).code).toBe(0);
    expect(await olga.invoke('status.get', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    const token = (await runCliCaptured(cfg, ['user', 'token', 'create', 'bob', '--label', 'script'])).out.trim();
    const script = await connectWs(`wss://127.0.0.1:${service.port}/api`, { bearer: token, pin });
    clients.push(script);
    expect((await script.invoke('status.get', {})).ok).toBe(true);
    expect((await runCliCaptured(cfg, ['user', 'token', 'revoke', token.split('_')[1]!])).code).toBe(0);
    expect(await script.invoke('status.get', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
  });

  it('an idle connection is signed out too once its account is removed: its events stop without a request', async () => {
    const checked = await startService({ director, host: '0.0.0.0', port: 0, rendererDir: join(root, 'no-renderer'), recheckMs: 50 });
    try {
      const token = (await runCliCaptured(cfg, ['user', 'token', 'create', 'olga', '--label', 'script'])).out.trim();
      const olga = await connectWs(`wss://127.0.0.1:${checked.port}/api`, { bearer: token, pin });
      clients.push(olga);
      expect((await runCliCaptured(cfg, ['user', 'remove', 'olga'])).code).toBe(0);
      await olga.closed;
      expect(warnings.concat(infos).join('\n')).toContain('signed out olga');
    } finally {
      await checked.close();
    }
  });

  it('the signed-in account is the user in BACKUP.LOG and the HB.LOG task record, not the name the client typed', async () => {
    const bob = await signIn('bob', 'bobs long password');
    // A task label cannot forge a field of the HB.LOG line either.
    const answer = await bob.invoke('backup.request', { level: 'recommended', wait: 'completed', user: 'mallory', task: 'Close year" UserId="mallory', system: 'PC-7' });
    expect(answer).toMatchObject({ ok: true, value: { state: 'go' } });
    const runId = answer.ok ? answer.value.runId! : '';
    const hbLog = await readFile(join(root, 'HotBackup', 'Recent', runId, 'HB.LOG'), 'utf8');
    expect(hbLog).toContain('HB_USER_TASK_REC|System="PC-7" UserId="bob" Task="Close year\\" UserId=\\"mallory"');
    expect(hbLog).not.toMatch(/UserId="mallory/);
    const line = (await readFile(join(root, 'HotBackup', 'BACKUP.LOG'), 'utf8')).split('\n').find((l) => l.startsWith(runId + '|'))!;
    expect(line.split('|')[6]).toBe('bob');
  });
});
