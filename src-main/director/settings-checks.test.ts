import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings, Settings } from '../../shared/settings.js';
import { checkSettingsOnDisk, nestedDataDirectoryProblems } from './settings-checks.js';

describe('nested data directories', () => {
  it.each([
    { paths: ['/srv/data', '/srv/data/clients'], existing: [], refused: ['/srv/data/clients'] },
    { paths: ['/srv/data/clients', '/srv/data'], existing: [], refused: ['/srv/data/clients'] },
    { paths: ['/srv/data', '/srv/data-old'], existing: [], refused: [] },
    { paths: ['C:\\Data', 'c:\\data\\Clients'], existing: [], refused: ['c:\\data\\Clients'] },
    { paths: ['/srv/data', '/srv/data/clients'], existing: ['/srv/data', '/srv/data/clients'], refused: [] },
    { paths: ['/srv/data', '/srv/data/clients'], existing: ['/srv/data'], refused: ['/srv/data/clients'] },
  ])('$paths (already saved: $existing)', ({ paths, existing, refused }) => {
    const problems = nestedDataDirectoryProblems(paths, new Set(existing));
    expect(problems).toHaveLength(refused.length);
    for (const p of refused) expect(problems.join('\n')).toContain(`"${p}" lies inside the data directory`);
  });
});

describe('checkSettingsOnDisk', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'hb-checks-'));
    await mkdir(join(root, 'data', 'clients'), { recursive: true });
    await writeFile(join(root, 'file.txt'), 'x');
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });
  const base = () => Settings.parse({ ...defaultSettings('linux', root), folder: { path: join(root, 'HotBackup') } });
  const withDirs = (...paths: string[]) => ({ ...base(), dataDirectories: paths.map((path) => ({ path, label: '', exclude: [] })) });

  it('accepts an existing readable folder', async () => {
    await expect(checkSettingsOnDisk(withDirs(join(root, 'data')), base())).resolves.toBeUndefined();
  });
  it.each([
    ['a missing folder', () => join(root, 'nope'), /does not exist/],
    ['a file', () => join(root, 'file.txt'), /is a file, not a folder/],
    ['the HotBackup folder', () => join(root, 'HotBackup'), /is the HotBackup folder or lies inside it/],
  ])('refuses %s, naming it', async (_name, path, why) => {
    await expect(checkSettingsOnDisk(withDirs(path()), base())).rejects.toThrow(why);
  });
  it('refuses a folder inside another data directory', async () => {
    await expect(checkSettingsOnDisk(withDirs(join(root, 'data'), join(root, 'data', 'clients')), base())).rejects.toThrow(
      /dataDirectories\.1\.path: ".*clients" lies inside the data directory/,
    );
  });
});
