import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { walkPlan } from './walk-plan.js';

// The settings folder is left out of a walk by where it is (inode), not only by its spelling: a
// bind mount of it inside a data directory (an alias no link resolution sees) is left out too.

let root = '';
let mounted = '';
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-walk-settings-'));
  await mkdir(join(root, 'config'));
  await writeFile(join(root, 'config', 'manifest.key'), 'secret');
  await mkdir(join(root, 'data', 'alias'), { recursive: true });
  await writeFile(join(root, 'data', 'letter.txt'), 'Dear client');
});
afterEach(async () => {
  if (mounted) spawnSync('umount', [mounted]);
  mounted = '';
  await rm(root, { recursive: true, force: true });
});

const dirs = (...paths: string[]) => paths.map((path) => ({ path, label: '', exclude: [] }));

describe('walkPlan: the settings folder', () => {
  it('a bind mount of the settings folder inside a data directory is left out, named as the settings folder', async (ctx) => {
    if (process.getuid?.() !== 0) {
      console.log('skipped: needs root to bind-mount the settings folder inside a data directory');
      ctx.skip();
    }
    if (spawnSync('mount', ['--bind', join(root, 'config'), join(root, 'data', 'alias')]).status !== 0) {
      console.log('skipped: could not bind-mount (no mount permission in this container)');
      ctx.skip();
    }
    mounted = join(root, 'data', 'alias');
    const plan = await walkPlan({ dataDirectories: dirs(join(root, 'data')), hotBackupFolder: join(root, 'HotBackup'), settingsFolder: join(root, 'config') });
    expect(plan.entries.toArray().map((e) => e.archivePath).sort()).toEqual(['data', 'data/letter.txt']);
    expect(plan.skipped).toEqual([expect.objectContaining({ source: mounted, kind: 'own', reason: expect.stringContaining("HotBackup's settings folder") })]);
  });

  it('a data directory that is a bind mount of the settings folder fails the walk in words', async (ctx) => {
    if (process.getuid?.() !== 0) {
      console.log('skipped: needs root to bind-mount the settings folder');
      ctx.skip();
    }
    if (spawnSync('mount', ['--bind', join(root, 'config'), join(root, 'data', 'alias')]).status !== 0) {
      console.log('skipped: could not bind-mount (no mount permission in this container)');
      ctx.skip();
    }
    mounted = join(root, 'data', 'alias');
    await expect(walkPlan({ dataDirectories: dirs(mounted), hotBackupFolder: join(root, 'HotBackup'), settingsFolder: join(root, 'config') })).rejects.toThrow(
      `Data directory "${mounted}" is HotBackup's settings folder "${join(root, 'config')}"`,
    );
  });
});
