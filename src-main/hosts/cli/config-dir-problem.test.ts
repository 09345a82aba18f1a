import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from './testing/run-cli-captured.js';
import { configDirProblem } from './config-dir-problem.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hb-cli-configdir-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a config directory that cannot be written', () => {
  it.each([[['director']], [['settings', 'set', 'retention.recent', '4']], [['data', 'add', '/srv/data']]])(
    'hotbackup %j names it, the cause and the fix, with no stack trace',
    async (args) => {
      const file = join(dir, 'home');
      await writeFile(file, 'a file where the home folder should be');
      const configDir = join(file, '.config', 'HotBackup');
      const r = await runCliCaptured(configDir, args);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`HotBackup cannot write its config directory ${configDir} (a file is in the way of a folder`);
      expect(r.err).toContain('--config-dir or $HOTBACKUP_CONFIG_DIR');
      expect(r.err).not.toMatch(/unexpected error|ENOTDIR|\n\s+at /);
    },
  );
});

describe('configDirProblem', () => {
  const err = (code: string, path: string, syscall = 'open') => Object.assign(new Error(`${code}: ${syscall} '${path}'`), { code, path, syscall });
  it.each([
    ['EACCES', '/home/ann/.config/HotBackup/settings.json', 'permission denied'],
    ['EROFS', '/home/ann/.config/HotBackup/logs', 'a read-only file system'],
    ['ENOSPC', '/home/ann/.config/HotBackup/settings.json', 'the drive is full'],
  ])('%s on %s: %s', (code, path, cause) => {
    expect(configDirProblem(err(code, path), '/home/ann/.config/HotBackup')).toContain(`(${cause}: ${path})`);
  });

  it('a folder above it that cannot be created (mkdir), but not a missing file elsewhere', () => {
    expect(configDirProblem(err('ENOENT', '/home/ann/.config/HotBackup/logs', 'mkdir'), '/home/ann/.config/HotBackup')).toContain('cannot be created');
    expect(configDirProblem(err('ENOENT', '/home/ann/.config/HotBackup/settings.json'), '/home/ann/.config/HotBackup')).toBeNull();
    expect(configDirProblem(err('EACCES', '/srv/data/ledger.db'), '/home/ann/.config/HotBackup')).toBeNull();
    expect(configDirProblem(new Error('something else'), '/home/ann/.config/HotBackup')).toBeNull();
  });
});
