import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Result } from '../../../shared/result.js';
import { makeBackupFixture } from '../../engine/vault/test-backup-fixture.js';
import type { Session } from '../access/session.js';
import { createDirector, type Director } from '../director.js';
import { silentLogger } from '../logger.js';

// An operator's restore fills the restore folder's drive: the answer says so in words (what the
// selection holds, what is free, the fix), and the Director keeps no file open on that drive —
// a descriptor left open would keep the space taken and the drive busy until it restarts.
// Needs root to mount a small tmpfs; skipped with the reason otherwise.

let root = '';
let restores = '';
let mounted = false;
let skipReason: string | null = null;
let director: Director | null = null;
let session: Session | null = null;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-restore-full-'));
  restores = join(root, 'restores');
  await mkdir(restores);
  const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', restores], { encoding: 'utf8' });
  mounted = m.status === 0;
  skipReason = mounted ? null : `cannot mount a tmpfs here (${(m.stderr || m.error?.message || `exit ${m.status}`).trim()}); run as root to test a full restore folder`;
});
afterEach(async () => {
  session?.close();
  await director?.close();
  if (mounted) spawnSync('umount', ['-l', restores]);
  await rm(root, { recursive: true, force: true });
});

/** Files this process holds open below `folder`. */
async function openBelow(folder: string): Promise<string[]> {
  const fds = await readdir('/proc/self/fd');
  const targets = await Promise.all(fds.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
  return targets.filter((t) => t.startsWith(`${folder}/`));
}

it('a restore that fills the drive says so in words and leaves no file open there', async (ctx) => {
  if (skipReason) {
    console.log(`skipped: ${skipReason}`);
    ctx.skip();
  }
  const hb = join(root, 'HotBackup');
  const data = join(root, 'office');
  await mkdir(hb);
  await mkdir(data);
  director = await createDirector({ configDir: join(root, 'config'), logger: silentLogger, home: root, schedule: false });
  await director.services.settings.update({ folder: { path: hb }, dataDirectories: [{ path: data, label: '', exclude: [] }], restore: { folder: restores } });
  const big = randomBytes(3 * 1024 * 1024).toString('base64');
  await makeBackupFixture(hb, '26113001', [
    { path: 'data', type: 'Directory' as const },
    { path: 'data/big.bin', content: big },
  ]);
  session = director.openSession({ identity: { kind: 'account', name: 'olga', role: 'operator' }, send: () => undefined });
  const r: Result<unknown> = await session.invoke('vault.restoreNew', { id: '26113001' });
  expect(r.ok).toBe(false);
  const message = r.ok ? '' : r.error.message;
  expect(message).toMatch(/stopped: the drive is full \(the selection holds 4\.\d MB, [\d.]+ \w+ is free there now\)\. Free space on that drive, restore fewer paths/);
  expect(message).not.toMatch(/ENOSPC|no space left/i);
  expect(await openBelow(restores)).toEqual([]);
  // The half-written file went: nothing misleading is left in the new folder.
  const [made] = await readdir(restores);
  expect(await readdir(join(restores, made as string, 'data'))).toEqual([]);
  expect(spawnSync('umount', [restores]).status).toBe(0);
  mounted = false;
}, 60_000);
