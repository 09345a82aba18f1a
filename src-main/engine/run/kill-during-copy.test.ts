import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TempDirs } from '../testing/engine-fixtures.js';

// Ctrl-C during "Saving Files" of a large database, on a machine so busy that the worker is ended
// (not stopped by itself) while a SQLite step runs: the run's work files were removed at once, the
// step then failed inside a thread being ended, and V8 aborted the whole process ("FATAL ERROR:
// v8::ToLocalChecked Empty MaybeLocal", a core dump) instead of "cancelled by ann". Run in a child
// process so such an abort is seen as this process's end, not the test runner's.

const temps = new TempDirs();
afterAll(() => temps.cleanup());
const child = join(import.meta.dirname, 'testing', 'kill-during-copy.child.ts');

describe('a worker ended during a database copy', () => {
  it('ends the run Failed "cancelled by ann" in Saving Files, no fatal error, no work files left', { timeout: 180_000 }, async () => {
    const root = temps.make('kill-copy');
    const data = join(root, 'data');
    const folder = join(root, 'hb');
    execFileSync('mkdir', ['-p', data, folder]);
    // A separate process makes the database: 160 rows of 1 MiB random blobs.
    execFileSync(process.execPath, ['-e', `
      const db = new (require('better-sqlite3'))(process.argv[1]);
      db.pragma('journal_mode = WAL');
      db.exec('CREATE TABLE scans (id INTEGER PRIMARY KEY, body BLOB)');
      db.exec('WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 160) INSERT INTO scans (body) SELECT randomblob(1048576) FROM n');
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
    `, join(data, 'books.sqlite')], { stdio: 'inherit' });

    const ended = await new Promise<{ code: number | null; signal: string | null; out: string }>((resolve) => {
      const p = spawn(process.execPath, ['--import', 'tsx', child, folder, data], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      p.stdout.on('data', (c: Buffer) => (out += c.toString()));
      p.stderr.on('data', (c: Buffer) => (out += c.toString()));
      p.on('exit', (code, signal) => resolve({ code, signal, out }));
    });
    expect(ended.out).not.toMatch(/FATAL ERROR/);
    expect([ended.code, ended.signal], ended.out).toEqual([0, null]);
    const r = JSON.parse(ended.out.trim().split('\n').at(-1) as string) as { result: string; error: string; failedPhase: string; backupPath: string };
    expect([r.result, r.error, r.failedPhase]).toEqual(['Failed', 'cancelled by ann', 'Saving Files']);
    expect(existsSync(join(r.backupPath, '.staging'))).toBe(false);
    expect(readdirSync(r.backupPath).filter((n) => n.startsWith('BACKUP.'))).toEqual([]);
  });
});
