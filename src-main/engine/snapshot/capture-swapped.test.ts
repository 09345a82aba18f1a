import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { walkPlan } from '../plan/walk-plan.js';
import { settings, TempDirs } from '../testing/engine-fixtures.js';
import { lockFiles } from './lock-files.js';
import type { CapturedContent } from './settle-read.js';
import { SqliteChild } from './sqlite-child.js';

// A file the walk planned, swapped before the snapshot point by someone who can write in the data
// directory: for a symbolic link to a file outside it (the run reads as root), the backup took the
// outside file's bytes under the planned name; for a named pipe, the run's thread blocked in open()
// for good in Locking Files (yellow light held). What is no longer a regular file is now gone for
// this run (HB_FILE_VANISHED), never followed or waited on.

const temps = new TempDirs();
afterAll(() => temps.cleanup());

describe('a planned file swapped before the snapshot point', () => {
  it('is not followed through a symbolic link nor waited on as a named pipe', { timeout: 60_000 }, async () => {
    const data = temps.make('swap-data');
    const outside = temps.make('swap-outside');
    writeFileSync(join(outside, 'shadow'), 'root:secret-hash:19000::::::\n');
    for (const n of ['empty-now-link', 'full-now-link', 'empty-now-fifo', 'full-now-fifo', 'kept.txt']) writeFileSync(join(data, n), n.startsWith('empty') ? '' : `${n}\n`);
    const dir = temps.make('swap-backup');
    const staging = join(dir, '.staging');
    mkdirSync(staging);
    const plan = await walkPlan({ dataDirectories: [{ path: data, label: 'd', exclude: [] }], hotBackupFolder: dir });
    for (const n of ['empty-now-link', 'full-now-link']) {
      rmSync(join(data, n));
      symlinkSync(join(outside, 'shadow'), join(data, n));
    }
    for (const n of ['empty-now-fifo', 'full-now-fifo']) {
      rmSync(join(data, n));
      execFileSync('mkfifo', [join(data, n)]);
    }
    const logged: string[] = [];
    const locked = await lockFiles(plan, { stagingDir: staging, settings: settings({}), clock: () => new Date(), log: (c, d) => logged.push(`${c} ${d}`), onProgress: () => undefined });

    const bytesOf = (c: CapturedContent | null) => (c?.kind === 'memory' ? c.data.toString() : c ? `(${c.kind})` : null);
    const got = Object.fromEntries(locked.entries.toArray().filter((e) => e.kind === 'file').map((e) => [e.archivePath, bytesOf(e.content)]));
    expect(got).toEqual({ 'd/kept.txt': 'kept.txt\n' });
    for (const n of ['empty-now-link', 'full-now-link', 'empty-now-fifo', 'full-now-fifo']) expect(logged.some((l) => l.startsWith('HB_FILE_VANISHED') && l.includes(`/${n}"`)), n).toBe(true);
  });
});

describe('the walk reading a database header', () => {
  it('gets no header from a named pipe or a link swapped in after its lstat (never blocks, never follows)', async () => {
    const { readFirst16 } = await import('../plan/walk-plan.js');
    const dir = temps.make('swap-walk');
    execFileSync('mkfifo', [join(dir, 'pipe.db')]);
    writeFileSync(join(dir, 'real.db'), Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(600)]));
    symlinkSync(join(dir, 'real.db'), join(dir, 'link.db'));
    expect(readFirst16(join(dir, 'pipe.db')).length).toBe(0);
    expect(readFirst16(join(dir, 'link.db')).length).toBe(0);
    expect(readFirst16(join(dir, 'real.db')).toString('latin1')).toBe('SQLite format 3\0');
  });
});

describe('a planned database swapped before the snapshot point', () => {
  it('is not read through a symbolic link put in its place or in place of its folder', { timeout: 60_000 }, async () => {
    const data = temps.make('swap-db-data');
    const outside = temps.make('swap-db-outside');
    const makeDb = (file: string, row: string) => {
      const db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.exec(`CREATE TABLE t(x TEXT); INSERT INTO t VALUES ('${row}')`);
      db.close();
    };
    mkdirSync(join(data, 'books'));
    mkdirSync(join(outside, 'books'));
    makeDb(join(data, 'ledger.db'), 'ours');
    makeDb(join(data, 'books', 'accounts.db'), 'ours');
    makeDb(join(data, 'kept.db'), 'kept');
    makeDb(join(outside, 'secret.db'), 'secret');
    makeDb(join(outside, 'books', 'accounts.db'), 'secret');
    const dir = temps.make('swap-db-backup');
    const staging = join(dir, '.staging');
    mkdirSync(staging);
    const plan = await walkPlan({ dataDirectories: [{ path: data, label: 'd', exclude: [] }], hotBackupFolder: dir });
    expect(plan.entries.toArray().filter((e) => e.kind === 'sqlite')).toHaveLength(3);
    // Someone who can write in the data directory swaps, between the walk and the snapshot point,
    // a database for a link to one outside it, and a folder holding one for a link to another folder.
    rmSync(join(data, 'ledger.db'));
    symlinkSync(join(outside, 'secret.db'), join(data, 'ledger.db'));
    renameSync(join(data, 'books'), join(data, 'books-was'));
    symlinkSync(join(outside, 'books'), join(data, 'books'));
    const logged: string[] = [];
    const child = new SqliteChild();
    try {
      const locked = await lockFiles(plan, { stagingDir: staging, settings: settings({}), clock: () => new Date(), log: (c, d) => logged.push(`${c} ${d}`), onProgress: () => undefined, sqlite: () => child });
      expect(locked.held.map((h) => h.source)).toEqual([join(data, 'kept.db')]);
      expect(locked.entries.toArray().filter((e) => e.kind === 'sqlite').map((e) => e.archivePath)).toEqual(['d/kept.db']);
      expect(locked.skipped.vanished).toBe(2);
      for (const n of ['ledger.db', 'books/accounts.db']) {
        expect(logged).toContain(`HB_FILE_VANISHED "${join(data, n)}" was replaced (by a symbolic link or another file) before it could be read; not in this backup`);
      }
    } finally {
      await child.close();
    }
  });
});
