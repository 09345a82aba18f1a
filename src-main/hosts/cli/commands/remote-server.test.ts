import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccountStore } from '../../../director/accounts/account-store.js';
import { createDirector, type Director } from '../../../director/director.js';
import { silentLogger } from '../../../base/logger.js';
import { startService, type RunningService } from '../../service/service.js';
import { renewCertificate } from '../../client/tls-cert.js';
import { runCliCaptured } from '../testing/run-cli-captured.js';

// "Another PC": the CLI with its own config directory talks to a Director on a network
// address (TLS only) with --server, pinning its certificate; real engine, real accounts.

let root: string;
let serverCfg: string;
let pcCfg: string;
let director: Director;
let service: RunningService;

async function startDirector(): Promise<void> {
  director = await createDirector({ configDir: serverCfg, logger: silentLogger, home: root, schedule: false });
  service = await startService({ director, host: '0.0.0.0', port: 0, rendererDir: join(root, 'no-renderer') });
}
async function stopDirector(): Promise<void> {
  await service.close();
  await director.close();
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-remote-cli-'));
  serverCfg = join(root, 'server-config');
  pcCfg = join(root, 'pc-config');
  const data = join(root, 'data');
  await mkdir(join(data, 'docs'), { recursive: true });
  await mkdir(pcCfg, { recursive: true });
  for (let i = 0; i < 3; i++) await writeFile(join(data, 'docs', `brief-${i}.txt`), 'Brief\n'.repeat(50));
  await startDirector();
  await director.services.settings.update({ folder: { path: join(root, 'HotBackup') }, dataDirectories: [{ path: data, label: '', exclude: [] }] });
  const accounts = new AccountStore(serverCfg, undefined, { N: 1024, r: 8, p: 1 });
  await accounts.add('bob', 'user', 'bobs long password');
  await accounts.add('olga', 'operator', 'olgas long password');
  process.env.HOTBACKUP_PASSWORD = 'bobs long password';
});
afterEach(async () => {
  delete process.env.HOTBACKUP_PASSWORD;
  delete process.env.HOTBACKUP_TOKEN;
  await stopDirector();
  await rm(root, { recursive: true, force: true });
});

const server = () => `https://127.0.0.1:${service.port}`;
const cli = (args: string[], account = 'bob') => runCliCaptured(pcCfg, ['--server', server(), '--account', account, ...args]);

describe('hotbackup --server https://HOST:PORT', () => {
  it('shows the fingerprint at first connection and connects only once it is confirmed; then it is pinned', async () => {
    const unconfirmed = await cli(['status']);
    expect(unconfirmed.code).toBe(4);
    expect(unconfirmed.err).toContain(service.fingerprint!);
    expect(unconfirmed.err).toMatch(/not trusted yet.*--fingerprint/);
    const wrong = await cli(['--fingerprint', 'AB:' + service.fingerprint!.slice(3), 'status']);
    expect(wrong.code).toBe(4);
    const first = await runCliCaptured(pcCfg, ['--server', server(), '--account', 'bob', '--fingerprint', service.fingerprint!, 'status']);
    expect(first.code).toBe(0);
    expect(first.out).toContain('Status: Inactive');
    expect(first.err).toContain(`Pinned 127.0.0.1:${service.port}`);
    expect((await runCliCaptured(pcCfg, ['server', 'list'])).out).toContain(service.fingerprint!);
    const again = await cli(['status']);
    expect(again).toMatchObject({ code: 0 });
  });

  it('a red-light request signed in as bob gets go; BACKUP.LOG names bob; a user may not back up now or list; an operator may', async () => {
    expect((await runCliCaptured(pcCfg, ['--server', server(), '--account', 'bob', '--fingerprint', service.fingerprint!, 'status'])).code).toBe(0);
    const go = await cli(['request', '--level', 'recommended', '--wait', 'completed', '--user', 'mallory', '--task', 'Close year']);
    expect(go.code).toBe(0);
    expect(go.out).toMatch(/go: you can go on \(HotBackup \d{8}\)/);
    const log = await readFile(join(root, 'HotBackup', 'BACKUP.LOG'), 'utf8');
    expect(log.split('\n').find((l) => /^\d{8}\|/.test(l))!.split('|')[6]).toBe('bob');
    const backup = await cli(['backup']);
    expect(backup.code).toBe(4);
    expect(backup.err).toContain('backup.start needs the operator role');
    expect((await cli(['list'])).err).toContain('needs the operator role');
    process.env.HOTBACKUP_PASSWORD = 'olgas long password';
    const listed = await cli(['list'], 'olga');
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/\d{8}\s+Recent\s+Requested/);
  });

  it('a wrong password is refused (exit 4); an API token in HOTBACKUP_TOKEN signs in without one', async () => {
    process.env.HOTBACKUP_PASSWORD = 'not the password';
    const refused = await cli(['--fingerprint', service.fingerprint!, 'status']);
    expect(refused.code).toBe(4);
    expect(refused.err).toMatch(/refused the sign-in as bob: Wrong account name or password/);
    const { token } = await new AccountStore(serverCfg).createToken('bob', 'test');
    process.env.HOTBACKUP_TOKEN = token;
    const withToken = await runCliCaptured(pcCfg, ['--server', server(), '--fingerprint', service.fingerprint!, 'status']);
    expect(withToken.code).toBe(0);
  });

  it('refuses a replaced certificate, naming both fingerprints', async () => {
    expect((await runCliCaptured(pcCfg, ['--server', server(), '--account', 'bob', '--fingerprint', service.fingerprint!, 'status'])).code).toBe(0);
    const old = service.fingerprint!;
    const port = service.port;
    await stopDirector();
    const renewed = await renewCertificate(serverCfg);
    director = await createDirector({ configDir: serverCfg, logger: silentLogger, home: root, schedule: false });
    service = await startService({ director, host: '0.0.0.0', port, rendererDir: join(root, 'no-renderer') });
    expect(service.fingerprint).toBe(renewed.fresh);
    const r = await cli(['status']);
    expect(r.code).toBe(4);
    expect(r.err).toContain(`pinned SHA-256 ${old}`);
    expect(r.err).toContain(`presents ${renewed.fresh}`);
    expect(r.err).toContain(`hotbackup server forget 127.0.0.1:${port}`);
  });

  it('every command the issue lists works over --server for the role it needs: status, backup, cancel, request, task run, list, show, verify, history, restore', async () => {
    expect((await cli(['--fingerprint', service.fingerprint!, 'status'])).code).toBe(0);
    const asUser = await cli(['task', 'run', '--name', 'Reindex', '--', 'node', '-e', 'process.exit(0)']);
    expect(asUser).toMatchObject({ code: 0 });
    const go = await cli(['request', '--level', 'recommended', '--wait', 'completed', '--task', 'Close year']);
    expect(go.out).toMatch(/go: you can go on/);
    process.env.HOTBACKUP_PASSWORD = 'olgas long password';
    const op = (args: string[]) => cli(args, 'olga');
    // A run held before its snapshot point by bob's exclusive task: olga cancels it.
    const bob = director.openSession({ identity: { kind: 'account', name: 'bob', role: 'user' }, send: () => undefined });
    const held = await bob.invoke('task.begin', { task: 'Year end', exclusive: true });
    expect((await op(['backup', '--no-wait'])).code).toBe(0);
    const cancelled = await op(['cancel']);
    expect(cancelled).toMatchObject({ code: 0 });
    expect(cancelled.out).toContain('recorded as cancelled by olga');
    await bob.invoke('task.end', { token: (held as { ok: true; value: { token: string } }).value.token });
    bob.close();
    // Wait for the cancelled run itself to end, not for the published status: on a loaded machine the
    // status can still show no run (its first publish comes after the run's start is recorded), and a
    // backup asked for then joins the cancelled run and fails with it ("cancelled by olga").
    while (director.services.runs.current() !== null) await new Promise((r) => setTimeout(r, 20));
    const backup = await op(['backup', '--task', 'Before the update']);
    expect(backup.code, `${backup.out}${backup.err}`).toBe(0);
    const id = /HotBackup (\d{8})/.exec(backup.out + backup.err)![1]!;
    const listed = await op(['list']);
    expect(listed.out).toMatch(new RegExp(`${id}\\s+Recent\\s+On Demand.*Succeeded.*olga`));
    expect((await op(['show', id])).out).toContain('Before the update');
    expect((await op(['verify', id])).code).toBe(0);
    expect((await op(['history'])).out).toContain(id);
    // Restore: an operator only into a new folder under the restore folder; naming a folder needs admin.
    const named = await op(['restore', id, '--to', join(root, 'mine')]);
    expect(named.err).toContain('vault.restore needs the admin role');
    await director.services.settings.update({ restore: { folder: join(root, 'restores') } });
    const restored = await op(['restore', id, '--path', 'data/docs/brief-1.txt', '--json']);
    expect(restored.code).toBe(0);
    const to = (JSON.parse(restored.out) as { to: string }).to;
    expect(to.startsWith(join(root, 'restores', `${id}-`))).toBe(true);
    expect(await readFile(join(to, 'data', 'docs', 'brief-1.txt'), 'utf8')).toBe('Brief\n'.repeat(50));
  });

  it('a relative path given with --server is refused before anything is sent: paths are on the server', async () => {
    for (const [args, option, value] of [
      [['restore', '26113001', '--to', 'restored'], '--to', 'restored'],
      [['backup', '--data', 'docs'], '--data', 'docs'],
      [['backup', '--folder', './HotBackup'], '--folder', './HotBackup'],
      [['data', 'add', 'Clients'], 'DIR', 'Clients'],
    ] as const) {
      const r = await cli([...args]);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`${option} "${value}" is a relative path`);
      expect(r.err).toMatch(/with --server it names a folder on the server .*not on this computer.*full path on the server, e.g\. /);
      expect(r.err).not.toContain(process.cwd());
    }
    // A full path is taken as the server's (not made relative to this computer): refused by role, not by form.
    const full = await cli(['--fingerprint', service.fingerprint!, 'restore', '26113001', '--to', '/srv/restores/x']);
    expect(full.err).toContain('vault.restore needs the admin role');
  });
  it('offsite over --server: an operator lists the targets and copies the newest backup; restore needs the admin role; --to is a server path', async () => {
    await director.services.settings.update({ offsite: { targets: [{ id: 'usb', label: 'USB disk', enabled: true, remote: join(root, 'usb'), path: '', retention: null, when: { kind: 'afterRun' }, recipients: [], rcloneConfig: null, backend: null, checkPercent: 100 }] } });
    process.env.HOTBACKUP_PASSWORD = 'olgas long password';
    const fp = ['--fingerprint', service.fingerprint!];
    const run = await cli([...fp, 'backup'], 'olga');
    expect(run.code).toBe(0);
    const listed = await cli([...fp, 'offsite', 'list'], 'olga');
    expect(listed.out).toMatch(/^ID\s+LABEL\s+REMOTE/);
    expect(listed.out).toMatch(/usb\s+USB disk\s+/);
    // After every run the Director copies by itself; an explicit copy waits for its own result.
    const copied = await cli([...fp, 'offsite', 'copy', '--target', 'usb'], 'olga');
    expect(copied.out).toMatch(/^\d{8} → "USB disk": complete and checked/);
    expect(copied.code).toBe(0);
    expect((await cli([...fp, 'offsite', 'list', '--target', 'usb'], 'olga')).out).toMatch(/\n\d{8}\s+complete\s+plain/);
    const relative = await cli([...fp, 'offsite', 'restore', '26113001', '--target', 'usb', '--to', 'restored'], 'olga');
    expect(relative.code).toBe(2);
    expect(relative.err).toContain('--to "restored" is a relative path');
    const restore = await cli([...fp, 'offsite', 'restore', '26113001', '--target', 'usb', '--to', '/srv/restores/x'], 'olga');
    expect(restore.err).toContain('offsite.restore needs the admin role');
  });
});
