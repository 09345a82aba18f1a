import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../shared/result.js';
import type { Identity } from '../../../shared/roles.js';
import type { BackupStarted } from '../../../shared/run.js';
import { createDirector, type Director } from '../director.js';
import { silentLogger } from '../../base/logger.js';
import type { Session } from './session.js';

// An operator backs up now with the saved settings; a one-off run with other folders
// (`hotbackup backup --data DIR --folder DIR`) names server paths of the client's choosing.
// Allowed to an operator, it read any folder the Director can read into the Vault — the
// config directory with its admin token and account file — where vault.downloadTicket hands
// it out. Real Director, real engine, real folders.

let root = '';
let configDir = '';
let hb = '';
let director: Director;
const sessions: Session[] = [];

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-op-overrides-'));
  configDir = join(root, 'config');
  hb = join(root, 'HotBackup');
  const data = join(root, 'office');
  await mkdir(data, { recursive: true });
  await mkdir(hb);
  director = await createDirector({ configDir, logger: silentLogger, home: root, schedule: false });
  await director.services.settings.update({ folder: { path: hb }, dataDirectories: [{ path: data, label: '', exclude: [] }] });
});
afterEach(async () => {
  for (const s of sessions.splice(0)) s.close();
  await director.close();
  await rm(root, { recursive: true, force: true });
});

const open = (identity: Identity) => {
  const s = director.openSession({ identity, send: () => undefined });
  sessions.push(s);
  return s;
};
const errorOf = (r: Result<unknown>) => (r.ok ? null : r.error);
const backups = async () => (await readdir(hb)).filter((n) => /^\d{8}$/.test(n) || n === 'Recent').length;

describe('a one-off run with other folders or engine settings needs the admin role', () => {
  it.each([
    ['the config directory as data', () => ({ dataDirectories: [{ path: configDir, label: '', exclude: [] }] })],
    ['another HotBackup folder', () => ({ folder: join(root, 'elsewhere') })],
    ['other engine settings', () => ({ engine: { compression: 'none' as const } })],
  ])('an operator asking for %s is refused, naming the role, and nothing is backed up', async (_what, overrides) => {
    const olga = open({ kind: 'account', name: 'olga', role: 'operator' });
    const r = await olga.invoke('backup.start', { wait: true, overrides: overrides() });
    expect(errorOf(r)?.code).toBe('FORBIDDEN');
    expect(errorOf(r)?.message).toContain('admin role');
    expect(errorOf(r)?.message).toContain('olga');
    expect(await backups()).toBe(0);
    expect((await readdir(root)).includes('elsewhere')).toBe(false);
  });

  it('an operator still backs up now with the saved settings; an admin may still name other folders', async () => {
    const now = await open({ kind: 'account', name: 'olga', role: 'operator' }).invoke('backup.start', { wait: true });
    expect(now).toMatchObject({ ok: true, value: { outcome: { result: 'Succeeded' } } });
    const other = join(root, 'elsewhere');
    const oneOff = await open({ kind: 'account', name: 'ada', role: 'admin' }).invoke('backup.start', { wait: true, overrides: { folder: other } });
    expect(oneOff).toMatchObject({ ok: true });
    expect((oneOff as { value: BackupStarted }).value.outcome?.result).toBe('Succeeded');
    expect((await readdir(other)).length).toBeGreaterThan(0);
  });
});
