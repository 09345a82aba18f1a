import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackupInThread } from '../run/run-phases.js';
import { RunError } from '../errors.js';
import { baseOptions, TempDirs } from '../testing/engine-fixtures.js';
import { SqliteChild } from './sqlite-child.js';
import { copyHeldSnapshot, holdSqliteSnapshot, releaseSqliteSnapshot } from './sqlite-snapshot.js';

// The run's SQLite work happens in a helper process: the snapshot it holds is the one copied,
// whatever another connection commits meanwhile; a stop request kills it mid-copy and leaves no
// file under the copy's name; a helper killed from outside (the system out of memory) fails the
// request, and the run, in words.

const temps = new TempDirs();
let big = '';
afterAll(() => temps.cleanup());
beforeAll(() => {
  // 120 rows of 1 MiB: a copy that takes a while.
  big = join(temps.make('child-big'), 'scans.db');
  const db = new Database(big);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE scans (id INTEGER PRIMARY KEY, body BLOB)');
  db.exec('WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120) INSERT INTO scans (body) SELECT randomblob(1048576) FROM n');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
});

/** Resolves once `dir` holds a file ending in `.partial` (the copy has begun). */
function partialIn(dir: string): Promise<void> {
  return new Promise((resolve) => {
    const t = setInterval(() => {
      if (readdirSync(dir).some((n) => n.endsWith('.partial'))) {
        clearInterval(t);
        resolve();
      }
    }, 2);
  });
}

describe('SqliteChild', () => {
  it('copies the snapshot as held, in one step, while another connection commits', async () => {
    const dir = temps.make('child-held');
    const file = join(dir, 'ledger.db');
    const writer = new Database(file);
    writer.pragma('journal_mode = WAL');
    writer.exec('CREATE TABLE entry (id INTEGER PRIMARY KEY, body BLOB)');
    writer.exec('WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400) INSERT INTO entry (body) SELECT randomblob(4000) FROM n');
    const child = new SqliteChild();
    try {
      const held = await holdSqliteSnapshot(child, file, dir, 'ledger');
      for (let i = 0; i < 50; i++) writer.exec('INSERT INTO entry (body) VALUES (randomblob(4000))');
      const r = await copyHeldSnapshot(held, join(dir, 'copy.db'));
      await releaseSqliteSnapshot(held);
      expect(r.steps).toBe(1);
    } finally {
      await child.close();
    }
    writer.close();
    const copy = new Database(join(dir, 'copy.db'), { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((copy.prepare('SELECT count(*) AS c FROM entry').get() as { c: number }).c).toBe(400);
    copy.close();
  });

  it('a stop request kills it mid-copy: the copy fails with the request\'s reason, no file has the copy\'s name', async () => {
    const dir = temps.make('child-stop');
    const stop = new AbortController();
    const child = new SqliteChild(stop.signal);
    const held = await holdSqliteSnapshot(child, big, dir, 'scans');
    const copying = copyHeldSnapshot(held, join(dir, 'copy.db'));
    copying.catch(() => undefined);
    await partialIn(dir);
    stop.abort(new RunError('cancelled', 'RUN_FAILED', 'cancelled by ann'));
    await expect(copying).rejects.toThrow('cancelled by ann');
    await child.exited;
    expect(existsSync(join(dir, 'copy.db'))).toBe(false);
    expect(existsSync(big)).toBe(true);
  });

  it('killed from outside during a run\'s copy: the run fails in Saving Files, in words, and its work files are removed', async () => {
    const root = temps.make('child-oom');
    const data = join(root, 'data');
    const folder = join(root, 'hb');
    mkdirSync(data);
    mkdirSync(folder);
    copyFileSync(big, join(data, 'scans.db'));
    let pid = 0;
    let backupPath = '';
    const r = await runBackupInThread({
      ...baseOptions(folder, [data]),
      onHelperProcess: (p, alive) => (alive ? (pid = p) : undefined),
      onFolder: (_id, path) => (backupPath = path),
      onProgress: (e) => {
        if (e.phase === 'Saving Files' && pid) {
          const p = pid;
          pid = 0;
          void partialIn(join(backupPath, '.staging')).then(() => process.kill(p, 'SIGKILL'));
        }
      },
    });
    expect([r.result, r.failedPhase]).toEqual(['Failed', 'Saving Files']);
    expect(r.error).toMatch(/SQLite helper process stopped while copying SQLite database ".*scans\.db" \(it was ended by SIGKILL, as the system does when it runs out of memory\)\. Make sure the computer has free memory, then run the backup again\./);
    expect(existsSync(join(r.backupPath!, '.staging'))).toBe(false);
  });
});
