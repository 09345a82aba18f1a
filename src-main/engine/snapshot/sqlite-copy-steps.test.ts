import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TempDirs } from '../testing/engine-fixtures.js';
import { copyHeldSnapshot, holdSqliteSnapshot, releaseSqliteSnapshot } from './sqlite-snapshot.js';

// The held snapshot is copied in steps (a stop request is looked at between them): another
// connection's commits between the steps are not seen and never make the copy start over; a stop
// request ends the copy at the next step.

const temps = new TempDirs();
afterAll(() => temps.cleanup());

function ledger(dir: string): string {
  const file = join(dir, 'ledger.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE entry (id INTEGER PRIMARY KEY, body BLOB)');
  db.exec('WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400) INSERT INTO entry (body) SELECT randomblob(4000) FROM n');
  db.close();
  return file;
}

describe('copyHeldSnapshot in steps', () => {
  it('copies the snapshot as held while another connection commits between the steps', async () => {
    const dir = temps.make('copy-steps');
    const file = ledger(dir);
    const held = await holdSqliteSnapshot(file, join(dir, 'private'), 'ledger');
    const writer = new Database(file);
    const dest = join(dir, 'copy.db');
    const r = await copyHeldSnapshot(held, dest, {
      bytesPerStep: 64 * 1024,
      onStep: () => writer.exec('INSERT INTO entry (body) VALUES (randomblob(4000))'),
    });
    releaseSqliteSnapshot(held);
    expect(r.steps).toBeGreaterThan(10);
    expect(r.restarts).toBe(0);
    expect((writer.prepare('SELECT count(*) AS c FROM entry').get() as { c: number }).c).toBe(400 + r.steps);
    writer.close();
    const copy = new Database(dest, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((copy.prepare('SELECT count(*) AS c FROM entry').get() as { c: number }).c).toBe(400);
    copy.close();
  });

  it('stops at the next step once the stop request is made', async () => {
    const dir = temps.make('copy-stop');
    const file = ledger(dir);
    const held = await holdSqliteSnapshot(file, join(dir, 'private'), 'ledger');
    const abort = new AbortController();
    let steps = 0;
    const copying = copyHeldSnapshot(held, join(dir, 'copy.db'), {
      signal: abort.signal,
      bytesPerStep: 64 * 1024,
      onStep: () => {
        if (++steps === 3) abort.abort(new Error('cancelled by ann'));
      },
    });
    await expect(copying).rejects.toThrow('cancelled by ann');
    expect(steps).toBe(3);
    releaseSqliteSnapshot(held);
    expect(existsSync(file)).toBe(true);
  });
});
