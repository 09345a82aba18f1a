import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../testing/run-cli-captured.js';

let dir: string;
const hotbackup = (...args: string[]) => runCliCaptured(join(dir, 'config'), args);
const saved = async () => JSON.parse(await readFile(join(dir, 'config', 'settings.json'), 'utf8'));

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hb-cli-data-'));
  await mkdir(join(dir, 'ledger', 'cache'), { recursive: true });
  await mkdir(join(dir, 'documents'), { recursive: true });
  expect((await hotbackup('settings', 'set', 'folder.path', join(dir, 'HotBackup'))).code).toBe(0);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('hotbackup data', () => {
  it('add keeps the directories already there; list shows them; remove takes one by label', async () => {
    expect(await hotbackup('data', 'add', join(dir, 'ledger'), '--label', 'Ledger', '--exclude', '*.tmp', '--exclude', 'cache/**')).toMatchObject({
      code: 0,
      out: `Added ${join(dir, 'ledger')} (Ledger).\n`,
    });
    expect((await hotbackup('data', 'add', join(dir, 'documents'))).code).toBe(0);
    const dirs = (await saved()).dataDirectories;
    expect(dirs).toEqual([
      { id: expect.any(String), path: join(dir, 'ledger'), label: 'Ledger', exclude: ['*.tmp', 'cache/**'] },
      { id: expect.any(String), path: join(dir, 'documents'), label: '', exclude: [] },
    ]);
    expect((await hotbackup('data', 'list')).out).toBe(`${join(dir, 'ledger')}  label: Ledger  exclude: *.tmp, cache/**\n${join(dir, 'documents')}\n`);
    expect((await hotbackup('data', 'remove', 'Ledger')).code).toBe(0);
    // The one left keeps its identity (restore-over matches directories by it).
    expect((await saved()).dataDirectories).toEqual([dirs[1]]);
  });

  it.each([
    ['a label already used (any case)', () => ['--label', 'ledger'], /--label: The label "ledger" is already used by ".*ledger"/],
    ['a folder inside another one', () => [join(dir, 'ledger', 'cache')], /DIR: ".*cache" lies inside the data directory/],
    ['the same folder again', () => [join(dir, 'ledger')], /DIR: ".*ledger" is already in the list as "Ledger"/],
    ['an exclude repeating the folder', () => ['--exclude', join(dir, 'documents', '*.tmp')], /--exclude: ".*" repeats the data directory's path/],
  ])('refuses %s with the console’s message and saves nothing', async (_name, args, message) => {
    expect((await hotbackup('data', 'add', join(dir, 'ledger'), '--label', 'Ledger')).code).toBe(0);
    const before = await saved();
    const a = args();
    const target = a[0]!.startsWith('--') ? [join(dir, 'documents'), ...a] : a;
    const r = await hotbackup('data', 'add', ...target);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(await saved()).toEqual(before);
  });

  it.each([
    ['the settings folder itself', () => join(dir, 'config')],
  ])('refuses %s (settings, users and the secret key would be backed up) and saves nothing', async (_name, path) => {
    await mkdir(path(), { recursive: true });
    const before = await saved();
    const r = await hotbackup('data', 'add', path());
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain(`"${path()}" is or contains HotBackup's settings folder "${join(dir, 'config')}"`);
    expect(r.err).toContain('choose the folder with your data only');
    expect(await saved()).toEqual(before);
  });

  it('--include-unsettled on add, and data set turns it on and off for one directory only', async () => {
    expect((await hotbackup('data', 'add', join(dir, 'ledger'), '--label', 'Ledger', '--include-unsettled')).code).toBe(0);
    expect((await hotbackup('data', 'add', join(dir, 'documents'))).code).toBe(0);
    expect((await saved()).dataDirectories.map((d: { includeUnsettled?: boolean }) => d.includeUnsettled)).toEqual([true, undefined]);
    expect((await hotbackup('data', 'list')).out).toBe(`${join(dir, 'ledger')}  label: Ledger  include files that keep changing\n${join(dir, 'documents')}\n`);
    expect(await hotbackup('data', 'set', 'Ledger', '--no-include-unsettled')).toMatchObject({ code: 0, out: `${join(dir, 'ledger')}: files that keep changing are not included (the run fails and names them).\n` });
    expect(await hotbackup('data', 'set', join(dir, 'documents'), '--include-unsettled')).toMatchObject({ code: 0 });
    const dirs = (await saved()).dataDirectories;
    expect(dirs.map((d: { includeUnsettled?: boolean }) => d.includeUnsettled)).toEqual([undefined, true]);
    expect((await saved()).schemaVersion).toBe(4);
    expect(await hotbackup('data', 'set', 'Ledger')).toMatchObject({ code: 2, err: expect.stringContaining('Nothing to change') });
    expect(await hotbackup('data', 'set', 'Nope', '--include-unsettled')).toMatchObject({ code: 2, err: expect.stringContaining('"Nope" is not a data directory') });
  });

  it('a missing folder is refused by the Director’s disk check, naming it', async () => {
    const r = await hotbackup('data', 'add', join(dir, 'nope'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/".*nope" does not exist: check the path or create the folder first/);
  });

  it('an empty DIR (a script\'s unset variable) is refused, not taken as the current folder', async () => {
    const r = await hotbackup('data', 'add', '');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/DIR is empty: give the folder's full path/);
    expect((await saved()).dataDirectories).toEqual([]);
  });

  it('remove of an unknown directory lists the ones there are', async () => {
    await hotbackup('data', 'add', join(dir, 'ledger'), '--label', 'Ledger');
    const r = await hotbackup('data', 'remove', 'Payroll');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/"Payroll" is not a data directory .* The data directories are: .*ledger \(Ledger\)\./);
  });
});

describe('hotbackup engine', () => {
  it('set changes only the options given, with units; show prints them', async () => {
    const r = await hotbackup('engine', 'set', '--volume-size', '512MiB', '--include-unsettled');
    expect(r.code).toBe(0);
    expect((await saved()).engine).toEqual({ compression: 'gzip', volumeSize: 512 * 1024 * 1024, settleAttempts: 5, includeUnsettled: true });
    expect((await hotbackup('engine', 'show')).out).toMatch(/volume size: 512 MiB \(512 MB\)\ninclude files that keep changing: yes, with a warning/);
    expect((await hotbackup('engine', 'set', '--no-include-unsettled', '--compression', 'none')).code).toBe(0);
    expect((await saved()).engine).toMatchObject({ compression: 'none', includeUnsettled: false, volumeSize: 512 * 1024 * 1024 });
  });

  it.each([
    [['--volume-size', '100k'], /--volume-size: Volume size must be at least 1 MiB \(100k is 100 KB\)/],
    [['--volume-size', 'big'], /--volume-size: Volume size "big" is not a size/],
    [['--compression', 'zip'], /--compression: Compression "zip" must be none or gzip/],
    [['--settle-attempts', '0'], /--settle-attempts: .*at least 1/],
    [[], /Give at least one option/],
  ])('refuses %j and saves nothing', async (args, message) => {
    const before = await saved();
    const r = await hotbackup('engine', 'set', ...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(await saved()).toEqual(before);
  });
});
