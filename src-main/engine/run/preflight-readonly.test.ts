import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../shared/settings.js';
import { checkRunInput } from './preflight.js';

// A HotBackup folder on a read-only drive (a drive remounted read-only after errors): the run's
// first check must say so. Node's recursive mkdir reports EROFS as ENOENT, which read
// "it no longer exists". Needs root to mount; skipped with the reason otherwise.

let dir = '';
let ro = '';
let mounted = false;
let skipReason: string | null = null;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hb-preflight-ro-'));
  ro = join(dir, 'drive');
  spawnSync('mkdir', [ro]);
  const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,ro', 'tmpfs', ro], { encoding: 'utf8' });
  mounted = m.status === 0;
  skipReason = mounted ? null : `cannot mount a tmpfs here (${(m.stderr || m.error?.message || `exit ${m.status}`).trim()}); run as root to test a read-only drive`;
});
afterAll(async () => {
  if (mounted) spawnSync('umount', [ro]);
  await rm(dir, { recursive: true, force: true });
});

describe('a HotBackup folder on a read-only drive', () => {
  const cases: [string, () => string][] = [
    ['the folder is the drive', () => ro],
    ['the folder is still to be made on it', () => join(ro, 'HotBackup')],
  ];
  for (const [name, folder] of cases) it(`is refused as read-only, not as gone (${name})`, async (ctx) => {
    if (skipReason) {
      console.log(`skipped: ${skipReason}`);
      ctx.skip();
      return;
    }
    const err = await checkRunInput(folder(), [{ id: 'd1', path: dir, label: '', exclude: [] }] as never, defaultSettings('linux', '/home/office').engine).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/read-only/);
    expect((err as Error).message).not.toMatch(/no longer exists|vanished|EROFS|ENOENT/);
  });
});
