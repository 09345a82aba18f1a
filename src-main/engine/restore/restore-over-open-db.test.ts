import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runBackupInThread } from '../run/run-phases.js';
import { baseOptions, sqliteDigest, TempDirs } from '../testing/engine-fixtures.js';
import { lockedInodes, probeOpenDatabase } from './open-database-probe.js';
import { restoreOver } from './restore-over.js';

// Restore-over while an office program holds its SQLite database open: refused, naming the
// database and saying to close the program; nothing is changed. The program is a separate process.

const temps = new TempDirs();
afterAll(() => temps.cleanup());
const KEY = Buffer.alloc(32, 3);
let program: ChildProcess | null = null;
afterEach(() => {
  program?.kill('SIGKILL');
  program = null;
});

/** Another process that opens `file` (WAL), commits a row, prints "open" and keeps the connection. */
function holdOpen(file: string): Promise<void> {
  const code = `const D=require('better-sqlite3');const d=new D(${JSON.stringify(file)});d.pragma('journal_mode=WAL');d.prepare("insert into t values('draft')").run();console.log('open');setInterval(()=>{},1000);`;
  program = spawn(process.execPath, ['-e', code], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => program?.stdout?.once('data', () => resolve()));
}

async function setup() {
  const root = temps.make('ro-open');
  const data = join(root, 'office');
  mkdirSync(data);
  const d = new Database(join(data, 'ledger.db'));
  d.pragma('journal_mode = WAL');
  d.exec("CREATE TABLE t(v); INSERT INTO t VALUES ('opening balance')");
  d.close();
  const configured = [{ id: 'dir1', path: data, label: 'Office', exclude: [] }];
  const r = await runBackupInThread(baseOptions(join(root, 'hb'), [data], { dataDirectories: configured, manifestKey: KEY }));
  expect(r.result).toBe('Succeeded');
  return { root, data, hb: join(root, 'hb'), id: r.id as string, opts: { configDir: join(root, 'cfg'), configured, manifestKey: KEY } };
}

describe('restore-over and open databases', () => {
  it('refuses while a program holds the WAL database open, naming it; works once the program closed it', async () => {
    const s = await setup();
    await holdOpen(join(s.data, 'ledger.db'));
    const live = sqliteDigest(join(s.data, 'ledger.db'));
    expect(await probeOpenDatabase(join(s.data, 'ledger.db'))).toMatchObject({ open: true });
    await expect(restoreOver(s.hb, { id: s.id }, s.opts)).rejects.toThrow(/"[^"]*ledger\.db": a program holds it open.*Close the program that uses it/);
    expect(sqliteDigest(join(s.data, 'ledger.db'))).toBe(live);
    program?.kill('SIGKILL');
    await new Promise((r) => program?.once('exit', r));
    program = null;
    const summary = await restoreOver(s.hb, { id: s.id }, s.opts);
    expect(summary.files).toBe(1);
    const d = new Database(join(s.data, 'ledger.db'), { readonly: true });
    expect(d.prepare('SELECT v FROM t').pluck().all()).toEqual(['opening balance']);
    d.close();
  });

  it('refuses a database with a hot journal (a writer is mid-transaction or crashed in one)', async () => {
    const s = await setup();
    writeFileSync(join(s.data, 'ledger.db-journal'), Buffer.alloc(512, 1));
    await expect(restoreOver(s.hb, { id: s.id }, s.opts)).rejects.toThrow(/ledger\.db-journal" holds an unfinished transaction/);
  });

  it('says it cannot tell where the system shows no locks', async () => {
    const s = await setup();
    expect(await probeOpenDatabase(join(s.data, 'ledger.db'), { readLocks: async () => null })).toEqual({ open: 'unknown' });
  });

  it('reads /proc/locks lines, leaving out processes that only wait for a lock', () => {
    const text = '1: POSIX  ADVISORY  READ 15572 fe:00:2163788 128 128\n2: -> POSIX  ADVISORY  WRITE 99 fe:00:77 0 EOF\n3: OFDLCK ADVISORY  READ -1 08:01:42 0 0\n';
    expect(lockedInodes(text)).toEqual([
      { major: 0xfe, minor: 0, inode: 2163788n },
      { major: 8, minor: 1, inode: 42n },
    ]);
  });
});
