import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { runBackup } from '../worker/run-in-worker.js';
import { baseOptions, settings, sh, TempDirs } from '../testing/engine-fixtures.js';

// A SQLite database whose name is not UTF-8 (Latin-1 from an old file server) gets a held snapshot
// like any database: its rows committed to the WAL by a separate process are in the backup, and it
// is restored under its exact name.

const temps = new TempDirs();
afterAll(() => temps.cleanup());
const betterSqlite = createRequire(import.meta.url).resolve('better-sqlite3');

describe('a SQLite database with a non-UTF-8 name', () => {
  it('is snapshotted (HB.LOG says so), holds the rows only its WAL had, and is restored under its exact bytes', async () => {
    const data = temps.make('sqlite-bytes-data');
    const nameBytes = Buffer.from('Kund\xe9n.db', 'latin1'); // "Kundén.db" in Latin-1: not UTF-8
    const dirBytes = Buffer.from(data);
    const dbBytes = Buffer.concat([dirBytes, Buffer.from('/'), nameBytes]);
    // The office program (a separate process) writes through a UTF-8 name, then the file gets its Latin-1 name;
    // it ends without closing (like a crash), so its last commits are only in the -wal.
    const tmp = join(data, 'tmp.db');
    const r0 = spawnSync(process.execPath, ['-e', `
      const D = require(${JSON.stringify(betterSqlite)});
      const db = new D(${JSON.stringify(tmp)});
      db.pragma('journal_mode = WAL'); db.pragma('wal_autocheckpoint = 0');
      db.exec("CREATE TABLE t(v TEXT)");
      for (const v of ['rent 2024', 'rent 2025']) db.prepare('INSERT INTO t VALUES (?)').run(v);
      process.exit(0);`], { encoding: 'utf8' });
    expect(r0.status, r0.stderr).toBe(0);
    expect(existsSync(`${tmp}-wal`)).toBe(true);
    renameSync(tmp, dbBytes);
    renameSync(`${tmp}-wal`, Buffer.concat([dbBytes, Buffer.from('-wal')]));
    if (existsSync(`${tmp}-shm`)) renameSync(`${tmp}-shm`, Buffer.concat([dbBytes, Buffer.from('-shm')]));

    const r = await runBackup(baseOptions(temps.make('sqlite-bytes-hb'), [data], { settings: settings({ compression: 'none' }) }));
    expect(r.error).toBeNull();
    expect(r.result).toBe('Succeeded');
    const hbLog = readFileSync(join(r.backupPath!, 'HB.LOG'), 'utf8');
    expect(hbLog.split('\n').filter((l) => l.includes('|HB_SQLITE_SNAPSHOT_HELD|') && l.includes('Kund'))).toHaveLength(1);
    expect(hbLog).toMatch(/\|HB_SQLITE_QUICK_CHECK\|"[^"]*Kund[^"]*": ok/);
    expect(hbLog).not.toContain('.link');

    const target = temps.make('sqlite-bytes-restore');
    sh(`sh "${join(r.backupPath!, 'RESTORE.sh')}" "${target}"`);
    const top = join(target, readdirSync(target)[0]!);
    const restored = (readdirSync(top, { encoding: 'buffer' }) as Buffer[]).filter((n) => !n.toString('latin1').startsWith('tmp'));
    expect(restored.map((n) => n.toString('hex'))).toEqual([nameBytes.toString('hex')]);
    renameSync(Buffer.concat([Buffer.from(top), Buffer.from('/'), nameBytes]), join(top, 'restored.db'));
    const db = new Database(join(top, 'restored.db'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare("SELECT group_concat(v, ',') FROM t").pluck().get()).toBe('rent 2024,rent 2025');
    } finally {
      db.close();
    }
    // The original and its WAL are where they were.
    expect(existsSync(Buffer.concat([dbBytes, Buffer.from('-wal')]))).toBe(true);
  });
});
