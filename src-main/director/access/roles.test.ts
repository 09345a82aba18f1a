import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestNames, type EventName, type RequestName } from '../../../shared/contract.js';
import type { Overview } from '../../../shared/overview.js';
import type { Result } from '../../../shared/result.js';
import { roles, roleAllows, type Identity, type Role } from '../../../shared/roles.js';
import { createDirector, type Director } from '../director.js';
import { fakeEngine } from '../testing/fake-engine.js';
import { silentLogger } from '../../base/logger.js';
import { withoutPaths } from './redact.js';
import { minimumRole } from './request-roles.js';
import type { Session } from './session.js';

let root: string;
let director: Director;
let engine: ReturnType<typeof fakeEngine>;
const sessions: Session[] = [];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-roles-'));
  const data = join(root, 'data');
  await mkdir(data, { recursive: true });
  engine = fakeEngine();
  director = await createDirector({ configDir: join(root, 'config'), logger: silentLogger, home: root, schedule: false, lock: false, runBackup: engine.runBackup });
  await director.services.settings.update({ folder: { path: join(root, 'HotBackup') }, dataDirectories: [{ path: data, label: '', exclude: [] }] });
});
afterEach(async () => {
  for (const s of sessions.splice(0)) s.close();
  engine.finish();
  await director.close();
  await rm(root, { recursive: true, force: true });
});

const account = (name: string, role: Role): Identity => ({ kind: 'account', name, role });
function open(who: Identity, events: { event: EventName; payload: unknown }[] = []): Session {
  const s = director.openSession({ identity: who, send: (event, payload) => events.push({ event, payload }) });
  sessions.push(s);
  return s;
}
const errorOf = (r: Result<unknown>) => (r.ok ? null : r.error);

describe('every request has a minimum role, checked at the one dispatch point', () => {
  // Input 42 fits no request's schema: a call that passes the role check stops at BAD_INPUT and does nothing.
  it.each(roles.flatMap((role) => requestNames.map((name) => [role, name] as [Role, RequestName])))('%s → %s', async (role, name) => {
    const r = await open(account('pat', role)).invoke(name, 42);
    const need = minimumRole[name];
    if (roleAllows(role, need)) {
      expect(errorOf(r)?.code).toBe('BAD_INPUT');
    } else {
      expect(errorOf(r)).toMatchObject({ code: 'FORBIDDEN' });
      expect(errorOf(r)?.message).toContain(`${name} needs the ${need} role`);
      expect(errorOf(r)?.message).toContain('pat is signed in as ' + role);
    }
  });

  it.each<[Role, RequestName, boolean]>([
    ['user', 'settings.update', false],
    ['user', 'vault.delete', false],
    ['user', 'vault.restore', false],
    ['user', 'vault.restoreOver', false],
    ['user', 'backup.start', false],
    ['user', 'settings.get', false],
    ['user', 'backup.request', true],
    ['user', 'status.get', true],
    ['user', 'overview.get', true],
    ['operator', 'settings.update', false],
    ['operator', 'vault.delete', false],
    ['operator', 'schedule.add', false],
    ['operator', 'notify.test', false],
    ['operator', 'backup.start', true],
    ['operator', 'vault.verify', true],
    ['operator', 'settings.get', true],
    ['operator', 'vault.restoreNew', true],
    ['operator', 'vault.restore', false],
    ['operator', 'vault.restoreOver', false],
    ['user', 'vault.restoreNew', false],
    ['admin', 'settings.update', true],
    ['admin', 'vault.delete', true],
    ['operator', 'drive.adopt', false],
    ['admin', 'drive.adopt', true],
  ])('a %s may %s: %s', (role, name, allowed) => {
    expect(roleAllows(role, minimumRole[name])).toBe(allowed);
  });

  it('a user cannot end (cancel) another account\'s task; its owner and an operator can', async () => {
    const bob = open(account('bob', 'user'));
    const begun = await bob.invoke('task.begin', { task: 'Close year', exclusive: false });
    const token = (begun as { ok: true; value: { token: string } }).value.token;
    const carol = await open(account('carol', 'user')).invoke('task.end', { token });
    expect(errorOf(carol)).toMatchObject({ code: 'FORBIDDEN' });
    expect(errorOf(carol)?.message).toMatch(/begun by bob.*needs the operator role/);
    expect(director.services.tasks.list().map((t) => t.user)).toEqual(['bob']);
    expect(await bob.invoke('task.end', { token })).toEqual({ ok: true, value: { ended: true } });
    await bob.invoke('task.begin', { task: 'Again', exclusive: true });
    // An exclusive task a user keeps open holds every backup: an operator finds it in task.list and ends it.
    const olga = open(account('olga', 'operator'));
    const listed = await olga.invoke('task.list', {});
    const held = listed.ok ? (listed.value as { tasks: { task: string; user: string; token: string }[] }).tasks : [];
    expect(held.map((t) => [t.task, t.user])).toEqual([['Again', 'bob']]);
    expect(await olga.invoke('task.end', { token: held[0]!.token })).toEqual({ ok: true, value: { ended: true } });
    expect(director.services.tasks.list()).toEqual([]);
  });

  it('a signed-in account is the user recorded, whatever name the client typed', async () => {
    const s = open(account('alice', 'operator'));
    const r = await s.invoke('backup.start', { user: 'mallory', task: 'Month end' });
    expect(r.ok).toBe(true);
    await engine.snapshotPassed();
    const status = await s.invoke('status.get', {});
    expect(status.ok && (status.value as { run: { user: string } }).run.user).toBe('alice');
  });
});

describe('overview.get', () => {
  it('a user sees the light and the warnings but no server path and nothing to fix; an operator sees them', async () => {
    await rm(join(root, 'data'), { recursive: true });
    const asUser = await open(account('bob', 'user')).invoke('overview.get', {});
    const asOperator = await open(account('olga', 'operator')).invoke('overview.get', {});
    if (!asUser.ok || !asOperator.ok) throw new Error('overview.get failed');
    const op = asOperator.value as Overview;
    const user = asUser.value as Overview;
    expect(asOperator.value).toMatchObject({ health: 'red', reason: 'Data directory "' + join(root, 'data') + '" cannot be read', space: { folder: join(root, 'HotBackup') } });
    expect(op.warnings[0]).toMatchObject({ kind: 'missing-data', fix: 'data-directories' });
    expect(asUser.value).toMatchObject({ health: 'red', reason: 'Data directory "[path]" cannot be read', space: { folder: null } });
    expect(user.space.freeBytes).toBeGreaterThan(0);
    expect(JSON.stringify(asUser.value)).not.toContain(root);
    expect(user.warnings.map((w) => w.fix)).not.toContain('data-directories');
  });

  it('a data directory whose name has spaces leaves no part of its path in a user\'s Overview', async () => {
    const spaced = join(root, 'Office Data', 'Clients 2026');
    await mkdir(spaced, { recursive: true });
    expect((await open(account('ada', 'admin')).invoke('settings.update', { dataDirectories: [{ path: spaced, label: '', exclude: [] }] })).ok).toBe(true);
    await rm(join(root, 'Office Data'), { recursive: true });
    const asUser = await open(account('bob', 'user')).invoke('overview.get', {});
    if (!asUser.ok) throw new Error('overview.get failed');
    expect(asUser.value).toMatchObject({ health: 'red', reason: 'Data directory "[path]" cannot be read' });
    expect(JSON.stringify(asUser.value)).not.toMatch(/Office|Clients 2026/);
  });
});

describe('events are filtered by role', () => {
  it('a user gets progress and results but never settings or server paths; an operator gets settings', async () => {
    const userEvents: { event: EventName; payload: unknown }[] = [];
    const opEvents: { event: EventName; payload: unknown }[] = [];
    open(account('bob', 'user'), userEvents);
    open(account('olga', 'operator'), opEvents);
    expect((await open(account('ada', 'admin')).invoke('settings.update', { retention: { recent: 7 } })).ok).toBe(true);
    director.hub.broadcast('status.changed', {
      status: 'Saving',
      phase: 'Streaming Files',
      run: {
        id: '26113001',
        trigger: 'On Demand',
        user: 'olga',
        task: '',
        startedAt: '2026-11-30T10:00:00+00:00',
        snapshotTaken: true,
        progress: { percent: 40, bytesDone: 4, bytesTotal: 10, filesDone: 1, filesTotal: 3, currentFile: '/srv/office/clients.db', etaSeconds: 3 },
      },
      lastRun: null,
      warnings: ['E-mail to /srv/office/mail failed'],
    });
    expect(opEvents.map((e) => e.event)).toContain('settings.changed');
    expect(userEvents.map((e) => e.event)).not.toContain('settings.changed');
    const seen = userEvents.find((e) => e.event === 'status.changed')!.payload as { run: { progress: { percent: number; currentFile: string | null } }; warnings: string[] };
    expect(seen.run.progress.percent).toBe(40);
    expect(seen.run.progress.currentFile).toBeNull();
    expect(seen.warnings).toEqual(['E-mail to [path] failed']);
    const full = opEvents.find((e) => e.event === 'status.changed')!.payload as { run: { progress: { currentFile: string } } };
    expect(full.run.progress.currentFile).toBe('/srv/office/clients.db');
  });

  it('a closed session gets no more events and its requests are refused', async () => {
    const events: { event: EventName; payload: unknown }[] = [];
    const s = open(account('bob', 'user'), events);
    s.close();
    director.hub.broadcast('status.changed', { status: 'Inactive', phase: null, run: null, lastRun: null, warnings: [] });
    expect(events).toEqual([]);
    expect(errorOf(await s.invoke('status.get', {}))?.code).toBe('NO_DIRECTOR');
  });
});

describe('withoutPaths', () => {
  it.each([
    ['cannot read /srv/office/clients.db: busy', 'cannot read [path]: busy'],
    ['D:\\Office\\Data\\x.db is locked', '[path] is locked'],
    ['E-mail to boss@example.com failed (timeout 30/s)', 'E-mail to boss@example.com failed (timeout 30/s)'],
    ['no paths here', 'no paths here'],
    ['"/srv/Office Data/ledger 2026.db" could not be read', '"[path]" could not be read'],
    ["'/home/ann b/x.txt' is gone", "'[path]' is gone"],
    ['Folder "D:\\Office Data\\Clients" is full', 'Folder "[path]" is full'],
    ['the share \\\\nas\\office\\HotBackup is offline', 'the share [path] is offline'],
    ["don't stop at /srv/x, it's fine", "don't stop at [path], it's fine"],
  ])('%s → %s', (input, expected) => {
    expect(withoutPaths(input)).toBe(expected);
  });
});
