import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TempDirs } from '../testing/engine-fixtures.js';

// A run cancelled while its big database is being copied in one step (Saving Files), with the
// host's deadline for ending the worker from outside cut to 10 ms, several times in a row: the
// host process survives every time (before, ending the worker while it was inside better-sqlite3
// aborted the whole process: "FATAL ERROR: v8::ToLocalChecked Empty MaybeLocal"), each run is
// Failed "cancelled by ann" in Saving Files with no partial copy left, and the next run succeeds.
// The same while the snapshot waits for a writer's lock (Locking Files): SQLite's busy wait gives
// up inside the ended thread 10 s later, and that, too, aborted the whole process.

const temps = new TempDirs();
let root = '';
const ROUNDS = 4;

beforeAll(() => {
  root = temps.make('cancel-in-copy');
  execFileSync('mkdir', ['-p', join(root, 'data')]);
  // A separate process writes the database: 200 rows of 1 MiB random blobs.
  execFileSync(process.execPath, ['-e', `
    const db = new (require('better-sqlite3'))(process.argv[1]);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE scans (id INTEGER PRIMARY KEY, body BLOB)');
    db.exec('WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) INSERT INTO scans (body) SELECT randomblob(1048576) FROM n');
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
  `, join(root, 'data', 'books.sqlite')], { stdio: 'inherit' });
}, 120_000);
afterAll(() => temps.cleanup());

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  lines: Record<string, unknown>[];
}

function runChild(args: string[]): Promise<Ended> {
  const child = join(import.meta.dirname, 'testing', 'cancel-in-copy.child.ts');
  const p = spawn(process.execPath, ['--import', 'tsx', child, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  p.stdout.on('data', (c: Buffer) => (out += c.toString()));
  p.stderr.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve) =>
    p.on('exit', (code, signal) => resolve({ code, signal, out, lines: out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>) })),
  );
}

function expectCancelled(r: Record<string, unknown>, phase: string): void {
  expect([r.result, r.error, r.failedPhase]).toEqual(['Failed', 'cancelled by ann', phase]);
  const path = r.backupPath as string;
  expect(existsSync(join(path, '.staging'))).toBe(false);
  expect(readdirSync(path).filter((n) => n.startsWith('BACKUP.'))).toEqual([]);
  expect(readFileSync(join(path, 'HB.LOG'), 'utf8')).toContain(`|HB_FAILED|${phase}: cancelled by ann`);
}

describe('cancel during the one-step database copy, the worker ended from outside', () => {
  it(`${ROUNDS} times in a row: the host lives, each run Failed "cancelled by ann" in Saving Files, no partial copy, the next run succeeds`, async () => {
    const { code, signal, out, lines } = await runChild([join(root, 'data'), join(root, 'hb'), String(ROUNDS)]);
    expect(out, out).not.toMatch(/FATAL ERROR/);
    expect([code, signal], out).toEqual([0, null]);
    expect(out.trim().split('\n').at(-1)).toBe('alive');
    const cancelled = lines.filter((l) => l.round !== 'last');
    expect(cancelled).toHaveLength(ROUNDS);
    for (const r of cancelled) expectCancelled(r, 'Saving Files');
    // The cancel came while the copy was being made in at least most rounds (a fast copy may finish first).
    expect(cancelled.filter((r) => r.cancelledInCopy).length).toBeGreaterThanOrEqual(ROUNDS - 1);
    expect(lines.at(-1)).toMatchObject({ round: 'last', result: 'Succeeded', error: null });
  }, 300_000);

  it('while the snapshot waits for a writer\'s lock: the host lives past the wait, Failed "cancelled by ann" in Locking Files, the next run succeeds', async () => {
    const dir = temps.make('cancel-in-lock');
    execFileSync('mkdir', ['-p', join(dir, 'data')]);
    const db = join(dir, 'data', 'orders.db');
    const released = join(dir, 'released');
    // A separate process holds an exclusive lock on a rollback-journal database for 13 s (readers
    // wait up to 10 s for it), then commits and says so.
    const writer = spawn(process.execPath, ['-e', `
      const db = new (require('better-sqlite3'))(process.argv[1]);
      db.exec('CREATE TABLE orders (id INTEGER PRIMARY KEY, item TEXT)');
      db.exec("BEGIN EXCLUSIVE; INSERT INTO orders (item) VALUES ('chairs')");
      console.log('locked');
      setTimeout(() => { db.exec('COMMIT'); db.close(); require('fs').writeFileSync(process.argv[2], ''); }, 13000);
    `, db, released], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise((resolve) => writer.stdout.once('data', resolve));
    const { code, signal, out, lines } = await runChild([join(dir, 'data'), join(dir, 'hb'), '1', 'lock', released]);
    expect(out, out).not.toMatch(/FATAL ERROR/);
    expect([code, signal], out).toEqual([0, null]);
    expect(out.trim().split('\n').at(-1)).toBe('alive');
    expectCancelled(lines[0]!, 'Locking Files');
    expect(lines.at(-1)).toMatchObject({ round: 'last', result: 'Succeeded', error: null });
  }, 300_000);
});
