import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { MIB } from '../../../shared/settings.js';
import { baseOptions, settings, sh, TempDirs } from '../testing/engine-fixtures.js';
import { runBackup } from '../worker/run-in-worker.js';

// A separate process that keeps working in the data during the backup: WAL inserts in a
// tight loop (logging each count with the time before and after its commit) and a 64 KiB
// file rewritten in place every few ms, each version distinct and logged.
const WRITER = `
const Database = require(process.env.BETTER_SQLITE3);
const fs = require('node:fs');
const [dbPath, filePath, logPath] = process.argv.slice(1);
const db = new Database(dbPath);
db.pragma('journal_mode = WAL');
db.pragma('busy_timeout = 5000');
const insert = db.prepare('INSERT INTO entry(note) VALUES (?)');
let count = db.prepare('SELECT count(*) AS c FROM entry').get().c;
const log = fs.openSync(logPath, 'a');
const file = fs.openSync(filePath, 'r+');
const version = (n) => Buffer.from(('v' + String(n).padStart(6, '0') + '|').repeat(8192));
let v = 0, lastFile = 0, announced = false;
for (;;) {
  const t0 = Date.now();
  insert.run('note ' + count);
  count++;
  const t1 = Date.now();
  fs.writeSync(log, 'row ' + count + ' ' + t0 + ' ' + t1 + '\\n');
  if (t1 - lastFile >= 3) {
    v++;
    fs.writeSync(file, version(v), 0, 65536, 0);
    fs.writeSync(log, 'file ' + v + '\\n');
    lastFile = t1;
  }
  if (!announced && count % 200 === 0) { announced = true; process.stdout.write('ready\\n'); }
}
`;

const temps = new TempDirs();
let writer: ChildProcess | null = null;
afterAll(() => {
  writer?.kill('SIGKILL');
  temps.cleanup();
});

describe('a backup while another process keeps writing', () => {
  it('completes, and holds the database and the rewritten file as they were at the snapshot point', async () => {
    const data = temps.make('live-data');
    const folder = temps.make('live-folder');
    const work = temps.make('live-work');
    const dbPath = join(data, 'ledger.db');
    const filePath = join(data, 'status.dat');
    const logPath = join(work, 'writer.log');
    const db = new Database(dbPath);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE entry(id INTEGER PRIMARY KEY, note TEXT, pad BLOB)');
    const seed = db.prepare('INSERT INTO entry(note, pad) VALUES (?, ?)');
    db.transaction(() => { for (let i = 0; i < 20_000; i++) seed.run(`seed ${i}`, randomBytes(400)); })();
    db.close();
    writeFileSync(filePath, Buffer.from('v000000|'.repeat(8192)));
    writeFileSync(join(data, 'notes.txt'), 'quiet file\n');

    const betterSqlite = createRequire(import.meta.url).resolve('better-sqlite3');
    writer = spawn(process.execPath, ['-e', WRITER, dbPath, filePath, logPath], { env: { ...process.env, BETTER_SQLITE3: betterSqlite }, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      writer!.stdout!.once('data', () => resolve());
      writer!.once('exit', (code) => reject(new Error(`writer exited early (${code})`)));
    });

    const r = await runBackup(baseOptions(folder, [data], { settings: settings({ compression: 'gzip', volumeSize: MIB }) }));
    // Let the writer log a few more commits after the backup, then stop it.
    const rowsAtEnd = readFileSync(logPath, 'utf8').split('\n').length;
    await new Promise<void>((resolve) => {
      const check = () => (readFileSync(logPath, 'utf8').split('\n').length > rowsAtEnd + 50 ? resolve() : setImmediate(check));
      check();
    });
    writer.kill('SIGKILL');

    expect(r.error).toBeNull();
    expect(r.result).toBe('Succeeded');
    const hbLog = readFileSync(join(r.backupPath as string, 'HB.LOG'), 'utf8');
    const lockBegan = Date.parse(/^([^|]+)\|HB_BEGIN_LOCK_FILES\|/m.exec(hbLog)?.[1] ?? '');
    const snapshotAt = Date.parse(/\|HB_SNAPSHOT_POINT\|(.+)$/m.exec(hbLog)?.[1] ?? '');
    expect(Number.isFinite(lockBegan) && Number.isFinite(snapshotAt)).toBe(true);
    // The copy came from the held read transaction: the writer's commits never restarted it.
    expect(hbLog).toMatch(/\|HB_SQLITE_COPIED\|".*ledger\.db": \d+ pages, \d+ bytes, in \d+ step\(s\)\n/);

    const target = temps.make('live-restore');
    sh(`sh "${join(r.backupPath as string, 'RESTORE.sh')}" "${target}"`);
    const top = join(target, readdirSync(target)[0] as string);

    const restored = new Database(join(top, 'ledger.db'), { readonly: true });
    expect(restored.pragma('integrity_check', { simple: true })).toBe('ok');
    const restoredCount = (restored.prepare('SELECT count(*) AS c FROM entry').get() as { c: number }).c;
    restored.close();

    const lines = readFileSync(logPath, 'utf8').split('\n');
    const rows = lines.filter((l) => l.startsWith('row ')).map((l) => l.split(' ').slice(1).map(Number) as [number, number, number]);
    // Committed before the snapshot began → must be in; begun after the snapshot point → must not.
    const before = Math.max(20_000, ...rows.filter(([, , t1]) => t1 < lockBegan).map(([c]) => c));
    const firstAfter = rows.find(([, t0]) => t0 > snapshotAt);
    expect(firstAfter, 'the writer kept committing after the snapshot point').toBeDefined();
    expect(restoredCount).toBeGreaterThanOrEqual(before);
    expect(restoredCount).toBeLessThan((firstAfter as [number, number, number])[0]);
    expect(rows.filter(([, t0]) => t0 > snapshotAt).length).toBeGreaterThan(10);

    const file = readFileSync(join(top, 'status.dat'));
    expect(file.length).toBe(65536);
    const tags = new Set(file.toString('latin1').match(/v\d{6}\|/g));
    expect(tags.size, 'one version, never a mix of two').toBe(1);
    const version = Number([...tags][0]?.slice(1, 7));
    const written = new Set([0, ...lines.filter((l) => l.startsWith('file ')).map((l) => Number(l.slice(5)))]);
    expect(written.has(version)).toBe(true);
    expect(written.size).toBeGreaterThan(version + 1);
  });
});
