import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBackup } from '../worker/run-in-worker.js';
import { baseOptions, TempDirs } from '../testing/engine-fixtures.js';

// A database SQLite cannot open for its snapshot ends the run with a message that names the
// database, says the cause in words and the fix: never SQLite's own text ("unable to open database file").

const temps = new TempDirs();
afterAll(() => temps.cleanup());
const betterSqlite = createRequire(import.meta.url).resolve('better-sqlite3');

describe('a database SQLite cannot open', () => {
  it('its -wal is a folder: the run fails naming the database, the cause in words and the fix', async () => {
    const data = temps.make('sqlite-unopenable-data');
    const db = join(data, 'ledger.db');
    // Written by a separate process, as the office program would.
    const r0 = spawnSync(process.execPath, ['-e', `const D = require(${JSON.stringify(betterSqlite)}); const d = new D(${JSON.stringify(db)}); d.pragma('journal_mode=WAL'); d.exec('CREATE TABLE t(x); INSERT INTO t VALUES (1)'); d.close();`], { encoding: 'utf8' });
    expect(r0.status, r0.stderr).toBe(0);
    rmSync(`${db}-wal`, { force: true });
    mkdirSync(`${db}-wal`);
    const r = await runBackup(baseOptions(temps.make('sqlite-unopenable-hb'), [data]));
    expect(r.result).toBe('Failed');
    expect(r.error).toContain(db);
    expect(r.error).not.toMatch(/unable to open database file|SQLITE_|EISDIR|ENOENT/);
    expect(r.error).toMatch(/-wal/);
    expect(r.error).toMatch(/^SQLite database ".*ledger\.db" cannot be backed up: ".*ledger\.db-wal" cannot be copied \(it is a folder, not a file\)\. .*then run the backup again\.$/);
  });
});
