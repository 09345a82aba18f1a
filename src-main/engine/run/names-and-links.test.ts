import { mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baseOptions, sh, TempDirs, treeDigest } from '../testing/engine-fixtures.js';
import { restoreBackup } from '../restore/restore-backup.js';
import { runBackupInThread } from './run-phases.js';

const temps = new TempDirs();
afterAll(() => temps.cleanup());

describe('names, empty folders and links', () => {
  const outside = temps.make('outside');
  writeFileSync(join(outside, 'secret.txt'), 'OUTSIDE-SECRET');
  const data = temps.make('names');
  const longName = `${'Ä'.repeat(60)}-${'n'.repeat(120)}.txt`; // 250 bytes in UTF-8, past ustar's 100
  const deep = join(data, ...Array.from({ length: 12 }, (_, i) => `level-${i}-${'d'.repeat(20)}`)); // path past 255
  mkdirSync(deep, { recursive: true });
  writeFileSync(join(deep, 'deep.txt'), 'deep');
  writeFileSync(join(data, longName), 'long');
  writeFileSync(join(data, '日本語の書類.txt'), 'こんにちは');
  writeFileSync(join(data, 'émoji 🎉 file.txt'), 'party');
  writeFileSync(join(data, 'pipe|and\\backslash.txt'), 'odd');
  mkdirSync(join(data, 'empty', 'nested-empty'), { recursive: true });
  symlinkSync(outside, join(data, 'link-to-outside'));
  symlinkSync(join(outside, 'secret.txt'), join(data, 'link-to-secret'));
  symlinkSync('../../nowhere', join(data, 'dangling'));
  const folder = temps.make('names-folder');
  const run = runBackupInThread(baseOptions(folder, [data], { dataDirectories: [{ path: data, label: 'Office Data', exclude: [] }] }));

  it('restores long and UTF-8 names, deep paths and empty folders exactly', async () => {
    const r = await run;
    expect(r.error).toBeNull();
    const target = temps.make('names-restore');
    sh(`sh "${join(r.backupPath as string, 'RESTORE.sh')}" "${target}"`);
    expect(readdirSync(target)).toEqual(['Office Data']);
    const restored = treeDigest(join(target, 'Office Data'));
    expect(restored).toEqual(treeDigest(data));
    expect(restored.get('empty/nested-empty')).toBe('dir');
    expect(readFileSync(join(target, 'Office Data', longName), 'utf8')).toBe('long');
  });

  it('hotbackup restore puts back a name holding a backslash (one character of a Linux name, not a folder break), also picked by --path', async () => {
    const r = await run;
    expect(r.error).toBeNull();
    const whole = join(temps.make('names-hb-restore'), 'to');
    const s = await restoreBackup(folder, { id: r.id as string, to: whole });
    expect(s.failed).toEqual([]);
    expect(treeDigest(join(whole, 'Office Data'))).toEqual(treeDigest(data));
    const one = join(temps.make('names-hb-one'), 'to');
    const picked = await restoreBackup(folder, { id: r.id as string, to: one, paths: ['Office Data/pipe*'] });
    expect([picked.failed, picked.files]).toEqual([[], 1]);
    expect(readFileSync(join(one, 'Office Data', 'pipe|and\\backslash.txt'), 'utf8')).toBe('odd');
  });

  it('stores symlinks as links and never follows them out of the data directory', async () => {
    const r = await run;
    const listing = sh(`tar -tvzf BACKUP.001`, r.backupPath as string);
    expect(listing).toMatch(/^l.* Office Data\/link-to-outside -> /m);
    expect(listing).not.toMatch(/^-.*secret\.txt$/m); // the link is there, the file it points to is not
    expect(sh(`cat BACKUP.0* | gzip -dc`, r.backupPath as string)).not.toContain('OUTSIDE-SECRET');
    const target = temps.make('links-restore');
    sh(`cat BACKUP.0* | tar -xzf - -C "${target}"`, r.backupPath as string);
    expect(readlinkSync(join(target, 'Office Data', 'link-to-outside'))).toBe(outside);
    expect(readlinkSync(join(target, 'Office Data', 'dangling'))).toBe('../../nowhere');
    const manifest = JSON.parse(readFileSync(join(r.backupPath as string, 'MANIFEST.json'), 'utf8')) as { entries: { path: string; kind: string; linkTarget?: string }[] };
    expect(manifest.entries.find((e) => e.path === 'Office Data/link-to-secret')).toMatchObject({ kind: 'symlink', linkTarget: join(outside, 'secret.txt') });
  });
});
