import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../testing/run-cli-captured.js';

// HotBackup's settings folder (settings.json, users, the manifest and secret keys) never goes into
// a backup: a one-off `--data` naming it is refused like a saved one (7dd66c2), and a settings file
// of an older version that already lists it (or a folder holding it) still loads, while the run
// leaves the settings folder out, or fails in words when the data directory is that folder.

let root = '';
let cfg = '';

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-settings-folder-'));
  cfg = join(root, 'office', 'config');
  await mkdir(join(root, 'office', 'ledger'), { recursive: true });
  await writeFile(join(root, 'office', 'ledger', 'notes.txt'), 'call the bank\n');
  await mkdir(cfg, { recursive: true });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A settings.json of schema version 1 (before the check existed) listing `dirs`. */
const olderSettings = (dirs: string[]) =>
  writeFile(join(cfg, 'settings.json'), JSON.stringify({ schemaVersion: 1, folder: { path: join(root, 'HotBackup') }, dataDirectories: dirs.map((path) => ({ path, label: '', exclude: [] })) }));

const manifestPaths = async (id: string): Promise<string[]> => {
  const m = JSON.parse(await readFile(join(root, 'HotBackup', 'Recent', id, 'MANIFEST.json'), 'utf8')) as { entries: { path: string }[] };
  return m.entries.map((e) => e.path);
};

describe('the settings folder and backups', () => {
  it.each([
    ['the settings folder', () => cfg],
    ['a folder holding it', () => join(root, 'office')],
    ['a link to it', () => join(root, 'cfg-link')],
  ])('hotbackup backup --data %s is refused before anything runs (exit 2), naming the folder', async (_name, dir) => {
    await symlink(cfg, join(root, 'cfg-link'));
    const r = await runCliCaptured(cfg, ['backup', '--data', dir(), '--folder', join(root, 'HotBackup')]);
    expect(r.code, r.out).toBe(2);
    expect(r.err).toContain(`"${dir()}" is or contains HotBackup's settings folder "${cfg}"`);
    expect(spawnSync('ls', [join(root, 'HotBackup', 'Recent')]).status).not.toBe(0); // no backup made
  });

  it('an older settings file listing a folder that holds the settings folder loads, and its backup leaves the settings folder out', async () => {
    await olderSettings([join(root, 'office')]);
    const listed = await runCliCaptured(cfg, ['settings', 'get', 'dataDirectories']);
    expect(listed.code, listed.err).toBe(0);
    expect(JSON.parse(listed.out)).toMatchObject([{ path: join(root, 'office') }]);
    const r = await runCliCaptured(cfg, ['backup', '--json']);
    expect(r.code, r.err).toBe(0);
    const outcome = JSON.parse(r.out).outcome as { result: string; id: string };
    expect(outcome.result).toBe('Succeeded');
    const paths = await manifestPaths(outcome.id);
    expect(paths).toContain('office/ledger/notes.txt');
    expect(paths.filter((p) => p.startsWith('office/config'))).toEqual([]);
    const hbLog = await readFile(join(root, 'HotBackup', 'Recent', outcome.id, 'HB.LOG'), 'utf8');
    expect(hbLog).toContain(cfg);
  });

  it('the same through a link to the folder holding it, and with the settings folder given as a link (HOTBACKUP_CONFIG_DIR)', async () => {
    await olderSettings([join(root, 'office-link')]);
    await symlink(join(root, 'office'), join(root, 'office-link'));
    await symlink(cfg, join(root, 'cfg-link'));
    for (const configDir of [cfg, join(root, 'cfg-link')]) {
      const r = await runCliCaptured(configDir, ['backup', '--json']);
      expect(r.code, r.err).toBe(0);
      const paths = await manifestPaths((JSON.parse(r.out).outcome as { id: string }).id);
      expect(paths).toContain('office-link/ledger/notes.txt');
      expect(paths.filter((p) => p.includes('config'))).toEqual([]);
    }
  });

  it.each([
    ['the settings folder itself', () => cfg],
    ['a link to it', () => join(root, 'cfg-link')],
  ])('an older settings file listing %s loads; the run fails in words and backs up none of it', async (_name, dir) => {
    await symlink(cfg, join(root, 'cfg-link'));
    await olderSettings([dir(), join(root, 'office', 'ledger')]);
    expect((await runCliCaptured(cfg, ['settings', 'get', 'dataDirectories'])).code).toBe(0);
    const r = await runCliCaptured(cfg, ['backup', '--json']);
    expect(r.code).toBe(1);
    const outcome = JSON.parse(r.out).outcome as { result: string; error: string };
    expect(outcome.result).toBe('Failed');
    expect(outcome.error).toContain(`is HotBackup's settings folder "${cfg}"`);
    expect(outcome.error).toContain('Remove it from the data directories');
  });
});
