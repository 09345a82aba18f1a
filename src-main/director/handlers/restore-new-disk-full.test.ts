import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Result } from '../../../shared/result.js';
import { makeBackupFixture } from '../../engine/testing/backup-fixture.js';
import type { Session } from '../access/session.js';
import { createDirector, type Director } from '../director.js';
import { silentLogger } from '../../base/logger.js';

// An operator's restore into a drive without room for it: refused before anything is written, in
// words (the drive, what the selection needs, what is free, the fix), and the Director keeps no file
// open on that drive — a descriptor left open would keep the drive busy until it restarts. (Before
// the up-front check it wrote until the drive was full; a drive filled meanwhile by another program
// still stops the restore in the words of restoreStopCause.)
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

it('a restore that does not fit on the drive is refused in words, writes nothing and leaves no file open there', async (ctx) => {
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
  expect(message).toMatch(new RegExp(`^Backup 26113001 was not restored, nothing was written: the drive ${restores} \\(holding ${restores}/26113001[-\\d]*\\) has [\\d.]+ \\w+ free, but the files chosen need about 4\\.\\d MB there\\. Free space on that drive, restore fewer paths, or restore into a folder on a larger drive\\.$`));
  expect(message).not.toMatch(/ENOSPC|no space left/i);
  expect(await openBelow(restores)).toEqual([]);
  expect(await readdir(restores)).toEqual([]);
  expect(spawnSync('umount', [restores]).status).toBe(0);
  mounted = false;
}, 60_000);
