import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configFolderProblem } from './settings-checks.js';

// Other spellings of the settings folder, refused when added as a data directory like the folder itself.

let root = '';
let mounted = '';
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-settings-alias-'));
  await mkdir(join(root, 'office', 'config'), { recursive: true });
  await mkdir(join(root, 'alias'));
});
afterEach(async () => {
  if (mounted) spawnSync('umount', [mounted]);
  mounted = '';
  await rm(root, { recursive: true, force: true });
});

describe('configFolderProblem: aliases of the settings folder', () => {
  const cfg = () => join(root, 'office', 'config');
  it.each([
    ['with a trailing slash', () => `${cfg()}/`],
    ['through ..', () => join(root, 'office', 'config', 'logs', '..')],
    ['the folder holding it, through ..', () => `${root}/office/config/..`],
    ['through a linked parent', () => join(root, 'office-link', 'config')],
    ['the linked parent itself', () => join(root, 'office-link')],
  ])('refuses it %s', async (_name, dir) => {
    await mkdir(join(cfg(), 'logs'));
    await symlink(join(root, 'office'), join(root, 'office-link'));
    expect(await configFolderProblem(dir(), cfg())).toContain("is or contains HotBackup's settings folder");
  });

  it('accepts a sibling whose name only starts like it, and a folder inside it', async () => {
    await mkdir(join(root, 'office', 'config-old'));
    await mkdir(join(cfg(), 'inbox'));
    expect(await configFolderProblem(join(root, 'office', 'config-old'), cfg())).toBeNull();
    expect(await configFolderProblem(join(cfg(), 'inbox'), cfg())).toBeNull();
  });

  it('refuses a bind mount of the settings folder (an alias no link resolution sees)', async (ctx) => {
    if (process.getuid?.() !== 0) {
      console.log('skipped: needs root to bind-mount the settings folder');
      ctx.skip();
    }
    if (spawnSync('mount', ['--bind', cfg(), join(root, 'alias')]).status !== 0) {
      console.log('skipped: could not bind-mount (no mount permission in this container)');
      ctx.skip();
    }
    mounted = join(root, 'alias');
    expect(await configFolderProblem(mounted, cfg())).toContain(`"${mounted}" is or contains HotBackup's settings folder`);
  });
});
