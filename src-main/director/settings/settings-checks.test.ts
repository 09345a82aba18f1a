import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings, Settings } from '../../../shared/settings.js';
import { checkSettingsOnDisk, hotBackupFolderProblem, nestedDataDirectoryProblems } from './settings-checks.js';

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

  it('a HotBackup folder below a file is refused in words (was a raw ENOTDIR)', async () => {
    expect(await hotBackupFolderProblem(join(root, 'file.txt', 'sub'))).toBe(`"${join(root, 'file.txt')}" is a file, so "${join(root, 'file.txt', 'sub')}" cannot be created below it`);
  });
  it('accepts an existing readable folder', async () => {
    await expect(checkSettingsOnDisk(withDirs(join(root, 'data')), base())).resolves.toBeUndefined();
  });
  it.each([
    ['a missing folder', () => join(root, 'nope'), /does not exist/],
    ['a file', () => join(root, 'file.txt'), /is a file, not a folder/],
    ['the HotBackup folder', () => join(root, 'HotBackup'), /is the HotBackup folder or lies inside it/],
    ['a folder below a file', () => join(root, 'file.txt', 'sub'), /does not exist/],
  ])('refuses %s, naming it', async (_name, path, why) => {
    await expect(checkSettingsOnDisk(withDirs(path()), base())).rejects.toThrow(why);
  });
  it.each([
    ['equal to the settings folder', () => join(root, 'data', 'clients'), (c: string) => c],
    ['containing the settings folder', () => join(root, 'data', 'clients'), () => join(root, 'data')],
  ])('refuses a data directory %s, naming it, the cause and the fix', async (_name, configDir, path) => {
    const c = configDir();
    const p = path(c);
    await expect(checkSettingsOnDisk(withDirs(p), base(), c)).rejects.toThrow(
      `dataDirectories.0.path: "${p}" is or contains HotBackup's settings folder "${c}" (settings, users and the secret key would go into backups): choose the folder with your data only`,
    );
  });
  it('accepts a data directory inside the settings folder (nothing of the settings goes into its backups)', async () => {
    const c = join(root, 'data');
    await expect(checkSettingsOnDisk(withDirs(join(c, 'clients')), base(), c)).resolves.toBeUndefined();
  });
  it('keeps a data directory that already was the settings folder (an older file still saves other edits)', async () => {
    const c = join(root, 'data');
    await expect(checkSettingsOnDisk(withDirs(c), withDirs(c), c)).resolves.toBeUndefined();
  });
  it('refuses a folder inside another data directory', async () => {
    await expect(checkSettingsOnDisk(withDirs(join(root, 'data'), join(root, 'data', 'clients')), base())).rejects.toThrow(
      /dataDirectories\.1\.path: ".*clients" lies inside the data directory/,
    );
  });
  it('refuses a label another data directory already uses (any case), but not one an older file already repeats', async () => {
    await mkdir(join(root, 'other'), { recursive: true });
    const labelled = (labels: string[]) => ({
      ...base(),
      dataDirectories: [join(root, 'data'), join(root, 'other')].slice(0, labels.length).map((path, i) => ({ path, label: labels[i]!, exclude: [] })),
    });
    await expect(checkSettingsOnDisk(labelled(['Office', 'office']), labelled(['Office']))).rejects.toThrow(
      /dataDirectories\.1\.label: The label "office" is already used by ".*data"/,
    );
    await expect(checkSettingsOnDisk(labelled(['Office', 'Office']), labelled(['Office', 'Office']))).resolves.toBeUndefined();
  });
  it('refuses a schedule time zone that does not exist, naming it', async () => {
    const zoned = (timeZone: string | null) => ({ ...base(), schedule: { ...base().schedule, timeZone } });
    await expect(checkSettingsOnDisk(zoned('Mars/Olympus'), base())).rejects.toThrow(/schedule\.timeZone: "Mars\/Olympus" is not a time zone/);
    await expect(checkSettingsOnDisk(zoned('Europe/Berlin'), base())).resolves.toBeUndefined();
  });
});
