import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runBackup } from '../worker/run-in-worker.js';
import { baseOptions, settings, sh, TempDirs } from '../testing/engine-fixtures.js';
import { sqliteCause } from './sqlite-private-copy.js';

// Databases as offices leave them: backed up in their last committed state, written by a
// separate process with real SQLite, checked after a restore with the standard tools.

const temps = new TempDirs();
afterAll(() => temps.cleanup());
const betterSqlite = createRequire(import.meta.url).resolve('better-sqlite3');

/** Run a script in its own Node process (the office program), which may die mid-transaction. */
function officeProgram(script: string): void {
  const r = spawnSync(process.execPath, ['-e', `const Database = require(${JSON.stringify(betterSqlite)});\n${script}`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`office program failed: ${r.stderr}`);
}

async function backUpAndRestore(data: string): Promise<{ hbLog: string; restoredDir: string }> {
  const folder = temps.make('sqlite-left-hb');
  const r = await runBackup(baseOptions(folder, [data], { settings: settings({ compression: 'none' }) }));
  expect(r.error).toBeNull();
  expect(r.result).toBe('Succeeded');
  const target = temps.make('sqlite-left-restore');
  sh(`sh "${join(r.backupPath!, 'RESTORE.sh')}" "${target}"`);
  return { hbLog: readFileSync(join(r.backupPath!, 'HB.LOG'), 'utf8'), restoredDir: join(target, readdirSync(target)[0]!) };
}

function rows(file: string, sql: string): unknown {
  const db = new Database(file, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    return db.prepare(sql).pluck().get();
  } finally {
    db.close();
  }
}

describe('SQLite databases as offices leave them', () => {
  it('a hot rollback journal left by a crash: the backup holds the last committed state; the original is untouched', async () => {
    const data = temps.make('sqlite-left-hot');
    const db = join(data, 'books.db');
    officeProgram(`
      const db = new Database(${JSON.stringify(db)});
      db.exec('CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT)');
      const ins = db.prepare("INSERT INTO t(v) VALUES ('paid invoice')");
      db.transaction(() => { for (let i = 0; i < 1000; i++) ins.run(); })();
      db.pragma('cache_size = 1');
      db.exec('BEGIN');
      const upd = db.prepare("UPDATE t SET v = 'half-written' WHERE id = ?");
      for (let i = 0; i < 5000; i++) upd.run((i % 1000) + 1);
      process.exit(0); // the power cut: books.db-journal stays behind, hot
    `);
    expect(existsSync(`${db}-journal`)).toBe(true);
    const journalBefore = readFileSync(`${db}-journal`);

    const { hbLog, restoredDir } = await backUpAndRestore(data);
    expect(rows(join(restoredDir, 'books.db'), "SELECT count(*) FROM t WHERE v = 'paid invoice'")).toBe(1000);
    expect(hbLog).toMatch(/\|HB_SQLITE_SNAPSHOT_HELD\|.*books\.db \(private copy: a hot journal left by a crash is rolled back on the copy; copied the database, books\.db-journal\)/);
    // The office program's own files are left as they were: it rolls its journal back itself.
    expect(readFileSync(`${db}-journal`).equals(journalBefore)).toBe(true);
  });

  it('an idle WAL database on a folder this account cannot write: backed up, with the rows of its last commit', async (ctx) => {
    if (process.getuid?.() !== 0) {
      console.log('skipped: needs root to mount a read-only filesystem (the stand-in for a folder the account cannot write)');
      ctx.skip();
    }
    const data = temps.make('sqlite-left-ro');
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', data]).status === 0;
    if (!mounted) {
      console.log('skipped: could not mount a tmpfs');
      ctx.skip();
    }
    try {
      officeProgram(`
        const db = new Database(${JSON.stringify(join(data, 'ledger.db'))});
        db.pragma('journal_mode = WAL');
        db.exec("CREATE TABLE t(x TEXT); INSERT INTO t VALUES ('rent 2024'), ('rent 2025')");
        db.close(); // the program is closed: no -wal, no -shm
      `);
      expect(readdirSync(data)).toEqual(['ledger.db']);
      expect(spawnSync('mount', ['-o', 'remount,ro', data]).status).toBe(0);
      const { hbLog, restoredDir } = await backUpAndRestore(data);
      expect(rows(join(restoredDir, 'ledger.db'), 'SELECT group_concat(x) FROM t')).toBe('rent 2024,rent 2025');
      expect(hbLog).toMatch(/ledger\.db \(private copy: the original cannot be opened read-only here/);
    } finally {
      spawnSync('umount', [data]);
    }
  });
});

describe('sqliteCause', () => {
  it.each([
    ['SQLITE_CORRUPT', 'the file is damaged or is not a database'],
    ['SQLITE_NOTADB', 'the file is damaged or is not a database'],
    ['SQLITE_BUSY', 'another program keeps it locked'],
    ['SQLITE_READONLY_ROLLBACK', 'it needs write access to its folder, which this account does not have'],
    ['SQLITE_CANTOPEN', 'SQLite cannot open it or a file beside it (-wal, -shm, -journal): each must be a file this account can read, in a folder it can read'],
    ['SQLITE_IOERR_SHORT_READ', 'the disk reported a read or write error'],
    ['SQLITE_NOMEM', 'the computer ran out of memory'],
    ['SQLITE_ERROR', 'SQLite reported an unexpected error (SQLITE_ERROR)'],
    ['EACCES', 'permission denied'],
  ])('%s is said in words', (code, words) => {
    expect(sqliteCause(Object.assign(new Error('raw text'), { code }))).toBe(words);
  });

  it('an error without a code is never passed on as SQLite wrote it', () => {
    expect(sqliteCause(new Error('unable to open database file'))).toBe('SQLite reported an unexpected error');
  });
});
