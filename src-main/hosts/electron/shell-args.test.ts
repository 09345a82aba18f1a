import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseShellArgs, relaunchArgs } from './shell-args.js';

const fallback = () => '/home/ann/.config/HotBackup';

describe('parseShellArgs', () => {
  it.each([
    [['electron', 'dist/electron-main.js'], {}, { configDir: resolve('/home/ann/.config/HotBackup'), hidden: false, connect: false }],
    [['HotBackup', '--config-dir', '/tmp/hb'], {}, { configDir: resolve('/tmp/hb'), hidden: false, connect: false }],
    [['HotBackup', '--config-dir=/tmp/hb2', '--hidden'], {}, { configDir: resolve('/tmp/hb2'), hidden: true, connect: false }],
    [['HotBackup', '--connect'], {}, { configDir: resolve('/home/ann/.config/HotBackup'), hidden: false, connect: true }],
    [['HotBackup'], { HOTBACKUP_CONFIG_DIR: '/srv/hb' }, { configDir: resolve('/srv/hb'), hidden: false, connect: false }],
    [['HotBackup', '--config-dir', '/tmp/flag'], { HOTBACKUP_CONFIG_DIR: '/srv/hb' }, { configDir: resolve('/tmp/flag'), hidden: false, connect: false }],
    [['HotBackup', '--config-dir'], {}, { configDir: resolve('/home/ann/.config/HotBackup'), hidden: false, connect: false }],
  ])('%j %j', (argv, env, expected) => {
    expect(parseShellArgs(argv, env as NodeJS.ProcessEnv, fallback)).toEqual(expected);
  });
});

describe('relaunchArgs (tray: Connect / Disconnect)', () => {
  it.each([
    [['dist/electron-main.js', '--config-dir', '/tmp/hb', '--hidden'], true, ['dist/electron-main.js', '--config-dir', '/tmp/hb', '--connect']],
    [['--config-dir=/tmp/hb', '--connect'], false, ['--config-dir=/tmp/hb']],
    [['--connect'], true, ['--connect']],
  ])('%j connect=%s → %j', (argv, connect, expected) => {
    expect(relaunchArgs(argv, connect)).toEqual(expected);
  });
});
