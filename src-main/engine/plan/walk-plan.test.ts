import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { TempDirs } from '../testing/engine-fixtures.js';
import { formatPlan } from './plan-format.js';
import { walkPlan } from './walk-plan.js';

const temps = new TempDirs();
afterAll(() => temps.cleanup());

describe('walkPlan', () => {
  it('classifies databases by header, folds -wal into them, skips -shm, excludes and the HotBackup folder', async () => {
    const data = temps.make('plan');
    const db = new Database(join(data, 'books.sqlite'));
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t(x); INSERT INTO t VALUES (1)');
    writeFileSync(join(data, 'fake.db'), 'not a database, just named like one'.repeat(20));
    writeFileSync(join(data, 'fake.db-wal'), 'belongs to no database');
    mkdirSync(join(data, 'HotBackup', 'Recent'), { recursive: true });
    writeFileSync(join(data, 'HotBackup', 'Recent', 'BACKUP.001'), 'x');
    mkdirSync(join(data, 'cache'));
    writeFileSync(join(data, 'cache', 'tmp.bin'), 'x');
    writeFileSync(join(data, 'scratch.tmp'), 'x');
    symlinkSync('books.sqlite', join(data, 'alias'));
    const server = createServer().listen(join(data, 'app.sock'));
    await new Promise((r) => server.once('listening', r));

    const plan = await walkPlan({
      dataDirectories: [{ path: data, label: 'Books', exclude: ['cache', '*.tmp'] }],
      hotBackupFolder: join(data, 'HotBackup'),
    });
    server.close();
    db.close();

    expect(plan.entries.toArray().map((e) => [e.kind, e.archivePath])).toEqual([
      ['directory', 'Books'],
      ['symlink', 'Books/alias'],
      ['sqlite', 'Books/books.sqlite'],
      ['file', 'Books/fake.db'],
      ['file', 'Books/fake.db-wal'],
    ]);
    expect(plan.entries.toArray().find((e) => e.kind === 'sqlite')?.companions).toEqual([join(data, 'books.sqlite-wal')]);
    expect(plan.entries.toArray().find((e) => e.kind === 'symlink')?.linkTarget).toBe('books.sqlite');
    expect(plan.skipped.map((s) => [s.source.slice(data.length + 1), s.reason])).toEqual([
      ['HotBackup', 'the HotBackup folder itself'],
      ['app.sock', 'not a regular file, folder or symlink (socket, pipe or device)'],
      ['cache', 'matches an exclude pattern'],
      ['scratch.tmp', 'matches an exclude pattern'],
      ['books.sqlite-shm', 'SQLite shared-memory index (rebuilt by SQLite)'],
    ]);
    expect(plan.totals).toMatchObject({ files: 2, sqlite: 1, directories: 1, symlinks: 1 });
    const text = formatPlan(plan, '2026-11-26T09:00:00.000+01:00');
    expect(text).toContain('# files=2 sqlite=1 directories=1 symlinks=1');
    expect(text).toMatch(/^sqlite\|\d+\|0644\|.*\|Books\/books\.sqlite\|.*books\.sqlite\|.*books\.sqlite-wal\|$/m);
  });

  it('names the exclude patterns that matched nothing, per data directory (one that matched only as a second pattern counts as matched)', async () => {
    const a = temps.make('plan-unmatched-a');
    const b = temps.make('plan-unmatched-b');
    mkdirSync(join(a, 'cache'));
    writeFileSync(join(a, 'cache', 'x.tmp'), 'x');
    writeFileSync(join(a, 'y.tmp'), 'x');
    writeFileSync(join(b, 'ledger.txt'), 'x');
    const plan = await walkPlan({
      dataDirectories: [
        { path: a, label: 'A', exclude: ['cache', '*.tmp', 'y.*', '*.tmpp', 'Cache/old'] },
        { path: b, label: 'B', exclude: ['*.tmp'] },
      ],
      hotBackupFolder: '/nowhere',
    });
    // y.tmp matched '*.tmp' first and 'y.*' too; cache/x.tmp lies in an excluded folder (not walked).
    expect(plan.unmatchedExcludes).toEqual([
      { dataDir: 0, pattern: '*.tmpp' },
      { dataDir: 0, pattern: 'Cache/old' },
      { dataDir: 1, pattern: '*.tmp' },
    ]);
    expect(plan.skipped.map((s) => s.source.slice(a.length + 1))).toEqual(['cache', 'y.tmp']);
  });

  it('matches exclude patterns against a name that is not UTF-8 (Latin-1 from an old file server): each such byte is one character', async () => {
    const data = temps.make('plan-exclude-bytes');
    const at = (...parts: (string | number)[]) => Buffer.from(parts.flatMap((p) => (typeof p === 'number' ? [p] : [...Buffer.from(p)])));
    mkdirSync(at(data, '/caf', 0xe9));
    writeFileSync(at(data, '/caf', 0xe9, '/a.tmp'), 'x');
    writeFileSync(at(data, '/caf', 0xe9, '/keep.txt'), 'x');
    writeFileSync(at(data, '/caf', 0xe9, '/old.txt'), 'x');
    writeFileSync(at(data, '/r', 0xe9, 'sum', 0xe9, '.tmp'), 'x');
    writeFileSync(at(data, '/r', 0xe9, 'sum', 0xe9, '.txt'), 'x');
    const plan = await walkPlan({ dataDirectories: [{ path: data, label: 'D', exclude: ['*.tmp', 'caf?/old.txt'] }], hotBackupFolder: '/nowhere' });
    const kept = plan.entries.toArray().map((e) => (e.archiveBytes ?? Buffer.from(e.archivePath)).toString('latin1')).sort();
    expect(kept).toEqual(['D', 'D/caf\xe9', 'D/caf\xe9/keep.txt', 'D/r\xe9sum\xe9.txt']);
    expect(plan.skipped.filter((s) => s.kind === 'excluded')).toHaveLength(3);
    expect(plan.unmatchedExcludes).toEqual([]);
  });

  it('reads the header of a file only where a database can be: whole 512-byte pages, or a -wal or -journal beside it', async () => {
    const data = temps.make('plan-header');
    const db = new Database(join(data, 'real.sqlite'));
    db.exec('CREATE TABLE t(x); INSERT INTO t VALUES (1)');
    db.close();
    const header = Buffer.from('SQLite format 3\0', 'latin1');
    const headed = (size: number) => Buffer.concat([header, Buffer.alloc(size - header.length, 1)]);
    writeFileSync(join(data, 'pages.bin'), headed(4096)); // a database's size: checked, and it has the header
    writeFileSync(join(data, 'odd.bin'), headed(4100)); // no database has this size: a file
    writeFileSync(join(data, 'busy.bin'), headed(4100)); // the same, but a journal lies beside it: checked
    writeFileSync(join(data, 'busy.bin-journal'), 'x');
    writeFileSync(join(data, 'walled.bin'), headed(1000));
    writeFileSync(join(data, 'walled.bin-wal'), 'x');
    const plan = await walkPlan({ dataDirectories: [{ path: data, label: 'D', exclude: [] }], hotBackupFolder: join(data, 'HotBackup') });
    const kinds = Object.fromEntries(plan.entries.toArray().map((e) => [e.archivePath, e.kind]));
    expect(kinds).toMatchObject({ 'D/real.sqlite': 'sqlite', 'D/pages.bin': 'sqlite', 'D/odd.bin': 'file', 'D/busy.bin': 'sqlite', 'D/walled.bin': 'sqlite' });
  });

  it("counts files and databases found (the run's one file count), not folders or links", async () => {
    const d = temps.make('plan-found');
    mkdirSync(join(d, 'a', 'b'), { recursive: true });
    for (const f of ['one.txt', 'a/two.txt', 'a/b/three.txt']) writeFileSync(join(d, f), 'x');
    symlinkSync('one.txt', join(d, 'link'));
    const counts: number[] = [];
    const plan = await walkPlan({ dataDirectories: [{ path: d, label: 'D', exclude: [] }], hotBackupFolder: '/nowhere', onFile: (n) => counts.push(n) });
    expect(plan.totals).toMatchObject({ files: 3, sqlite: 0 });
    expect(counts.at(-1)).toBe(3);
    expect(Math.max(...counts)).toBe(3);
  });

  it('refuses a data directory that is a file, naming it', async () => {
    const d = temps.make('plan-file');
    writeFileSync(join(d, 'x'), 'x');
    await expect(walkPlan({ dataDirectories: [{ path: join(d, 'x'), label: '', exclude: [] }], hotBackupFolder: '/nowhere' })).rejects.toThrow(
      `Data directory "${join(d, 'x')}" is not a folder. Choose a folder in Data Directories.`,
    );
  });
});
