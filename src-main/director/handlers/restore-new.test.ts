import { mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/result.js';
import type { Identity } from '../../../shared/roles.js';
import type { RestoreSummary } from '../../../shared/vault.js';
import { formatLocalIso } from '../../base/local-iso.js';
import { makeBackupFixture } from '../../engine/testing/backup-fixture.js';
import type { Session } from '../access/session.js';
import { createDirector, type Director } from '../director.js';
import { silentLogger } from '../../base/logger.js';

// Operator restores (issue 17 point 2): only into a new folder the Director makes inside the
// admin's restore folder, never a path the client names; real Director, real folders and links.

let root = '';
let hb = '';
let data = '';
let restores = '';
let director: Director;
const sessions: Session[] = [];
const clock = () => new Date('2026-11-30T14:05:09Z');
/** The folder name's time: the Director's local time of `clock`, as YYYYMMDD-HHMMSS. */
const stamp = formatLocalIso(clock()).slice(0, 19).replace(/[-:]/g, '').replace('T', '-');

const open = (identity: Identity) => {
  const s = director.openSession({ identity, send: () => undefined });
  sessions.push(s);
  return s;
};
const olga = () => open({ kind: 'account', name: 'olga', role: 'operator' });
const ada = () => open({ kind: 'account', name: 'ada', role: 'admin' });
const errorOf = (r: Result<unknown>) => (r.ok ? null : r.error);
const setRestoreFolder = (folder: string | null) => ada().invoke('settings.update', { restore: { folder } });

const files = [
  { path: 'data', type: 'Directory' as const },
  { path: 'data/Clients', type: 'Directory' as const },
  { path: 'data/Clients/ann.txt', content: 'Ann\n' },
  { path: 'data/ledger.db', content: 'ledger' },
];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-restore-new-'));
  hb = join(root, 'HotBackup');
  data = join(root, 'office');
  restores = join(root, 'restores');
  await mkdir(data, { recursive: true });
  await mkdir(hb);
  director = await createDirector({ configDir: join(root, 'config'), logger: silentLogger, home: root, schedule: false, clock });
  await director.services.settings.update({ folder: { path: hb }, dataDirectories: [{ path: data, label: '', exclude: [] }] });
  await makeBackupFixture(hb, '26113001', files);
});
afterEach(async () => {
  for (const s of sessions.splice(0)) s.close();
  await director.close();
  await rm(root, { recursive: true, force: true });
});

describe('vault.restoreNew: an operator restores into a new folder under the restore folder', () => {
  it('lands in <restore folder>/<ID>-<time>, whole or the chosen paths; a second restore gets its own folder', async () => {
    expect(await setRestoreFolder(restores)).toMatchObject({ ok: true });
    const whole = await olga().invoke('vault.restoreNew', { id: '26113001' });
    expect(whole).toMatchObject({ ok: true, value: { id: '26113001', files: 2 } });
    const first = (whole as { value: RestoreSummary }).value.to;
    expect(first).toBe(join(restores, `26113001-${stamp}`));
    expect(await readFile(join(first, 'data/Clients/ann.txt'), 'utf8')).toBe('Ann\n');
    const some = await olga().invoke('vault.restoreNew', { id: '26113001', paths: ['data/Clients/**'] });
    expect(some).toMatchObject({ ok: true, value: { files: 1 } });
    const second = (some as { value: RestoreSummary }).value.to;
    expect(second).toBe(`${first}-2`);
    expect(await readdir(join(second, 'data'))).toEqual(['Clients']);
    expect((await readdir(restores)).sort()).toEqual([first, second].map((p) => p.slice(restores.length + 1)));
  });

  it('an operator cannot name a path: vault.restoreNew has no "to", vault.restore needs the admin role', async () => {
    expect(await setRestoreFolder(restores)).toMatchObject({ ok: true });
    const withTo = await olga().invoke('vault.restoreNew', { id: '26113001', to: join(root, 'elsewhere') } as never);
    expect(errorOf(withTo)?.code).toBe('BAD_INPUT');
    const direct = await olga().invoke('vault.restore', { id: '26113001', to: join(root, 'elsewhere') });
    expect(errorOf(direct)?.message).toContain('vault.restore needs the admin role');
    const setting = await olga().invoke('settings.update', { restore: { folder: join(root, 'elsewhere') } });
    expect(errorOf(setting)?.message).toContain('settings.update needs the admin role');
    expect(await readdir(root)).not.toContain('elsewhere');
    // The admin keeps the restore to a folder of their choosing.
    expect(await ada().invoke('vault.restore', { id: '26113001', to: join(root, 'elsewhere') })).toMatchObject({ ok: true, value: { files: 2 } });
  });

  it('without a restore folder an operator is told an admin must set one; a refused selection leaves no folder behind', async () => {
    const none = await olga().invoke('vault.restoreNew', { id: '26113001' });
    expect(errorOf(none)?.message).toMatch(/No restore folder is set.*hotbackup settings set restore\.folder/);
    expect(await setRestoreFolder(restores)).toMatchObject({ ok: true });
    const nothing = await olga().invoke('vault.restoreNew', { id: '26113001', paths: ['no/such/**'] });
    expect(errorOf(nothing)?.message).toContain('No entry of backup 26113001 matches');
    expect(await readdir(restores)).toEqual([]);
  });

  it.each([
    ['inside the HotBackup folder', () => join(hb, 'restores'), /overlaps the HotBackup folder/],
    ['holding the HotBackup folder', () => root, /overlaps the HotBackup folder/],
    ['inside a data directory', () => join(data, 'restores'), /overlaps the data directory/],
    ['spelled with ".."', () => `${root}/x/../restores`, /leads to .*restores \(through "\.\." or a link\): set the real path/],
    ['a relative path', () => 'restores', /relative path/],
  ])('a restore folder %s is refused when set', async (_what, folder, message) => {
    const r = await setRestoreFolder(folder());
    expect(errorOf(r)?.message).toMatch(message);
    expect(director.services.settings.get().restore.folder).toBeNull();
  });

  it('a restore folder that is a link is refused when set, and when it is swapped for one later the restore is refused and nothing is written there', async () => {
    await symlink(data, join(root, 'link-to-office'));
    expect(errorOf(await setRestoreFolder(join(root, 'link-to-office')))?.message).toMatch(/through "\.\." or a link/);
    expect(await setRestoreFolder(restores)).toMatchObject({ ok: true });
    await mkdir(restores);
    await rm(restores, { recursive: true });
    await symlink(data, restores);
    const r = await olga().invoke('vault.restoreNew', { id: '26113001' });
    expect(errorOf(r)?.message).toMatch(/The restore folder cannot be used: .*leads to .*office.*Nothing was restored/);
    expect(await readdir(data)).toEqual([]);
  });

  it('a link planted at the next folder name is not followed: the restore takes the name after it', async () => {
    expect(await setRestoreFolder(restores)).toMatchObject({ ok: true });
    await mkdir(restores);
    await symlink(data, join(restores, `26113001-${stamp}`));
    const r = await olga().invoke('vault.restoreNew', { id: '26113001' });
    expect(r.ok).toBe(true);
    expect((r as { value: RestoreSummary }).value.to).toBe(join(restores, `26113001-${stamp}-2`));
    expect(await readdir(data)).toEqual([]);
  });

  it('changing the data directories re-checks the restore folder', async () => {
    expect(await setRestoreFolder(restores)).toMatchObject({ ok: true });
    await mkdir(restores);
    const r = await ada().invoke('settings.update', { dataDirectories: [{ path: data, label: '', exclude: [] }, { path: restores, label: 'r', exclude: [] }] });
    expect(errorOf(r)?.message).toMatch(/restore\.folder: .*overlaps the data directory/);
  });
});
