import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TempDirs } from '../testing/engine-fixtures.js';

// Every database's snapshot is held at once up to the snapshot point, each with its -wal and -shm
// open in the SQLite helper: three files a database. A data directory of a few hundred WAL
// databases (one per client, a mail or browser profile) must not fail on the open-files limit
// most systems start programs with (a soft limit of 1,024, or lower).

const temps = new TempDirs();
afterAll(() => temps.cleanup());

const DATABASES = 150;
const SOFT_LIMIT = 256; // 150 databases take about 450 files: well past it

let data = '';
function makeDatabases(): string {
  if (data) return data;
  const root = temps.make('many-dbs');
  data = join(root, 'data');
  mkdirSync(data);
  execFileSync(process.execPath, ['-e', `
    const Database = require('better-sqlite3');
    for (let i = 0; i < ${DATABASES}; i++) {
      const db = new Database(require('path').join(process.argv[1], 'client-' + i + '.db'));
      db.pragma('journal_mode = WAL');
      db.exec('CREATE TABLE t(x); INSERT INTO t VALUES (' + i + ')');
      db.close();
    }
  `, data]);
  return data;
}

/** One backup of the databases in a process started under `limit` (a shell's ulimit arguments). */
function backUpUnder(limit: string): { result: string; error: string | null; files: number } {
  const dir = makeDatabases();
  const child = join(import.meta.dirname, 'testing', 'many-databases.child.ts');
  const out = execFileSync('sh', ['-c', `ulimit ${limit} && exec "$0" "$@"`, process.execPath, '--import', 'tsx', child, dir, temps.make('many-dbs-hb')], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1) as string) as { result: string; error: string | null; files: number };
}

describe.skipIf(process.platform === 'win32')('many databases under a low open-files limit', () => {
  it(`${DATABASES} WAL databases are all backed up in a process started with a soft limit of ${SOFT_LIMIT} open files (Node raises it to the hard limit)`, () => {
    const hard = Number(execFileSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).trim());
    if (Number.isFinite(hard) && hard < DATABASES * 3 + 100) {
      console.log(`skipped: this machine's hard open-files limit (${hard}) is below what ${DATABASES} databases need`);
      return;
    }
    expect(backUpUnder(`-Sn ${SOFT_LIMIT}`)).toEqual({ result: 'Succeeded', error: null, files: DATABASES });
  }, 120_000);

  it('a hard limit too low for them: the run fails naming the open-files limit and how to raise it, not the database', () => {
    const r = backUpUnder(`-n ${SOFT_LIMIT}`);
    expect(r.result).toBe('Failed');
    expect(r.error).toMatch(/SQLite database ".*client-\d+\.db".*too many files are open/);
    expect(r.error).toMatch(/ulimit -n/);
    expect(r.error).toMatch(/LimitNOFILE/);
    expect(r.error).not.toMatch(/last commit|cannot open it or a file beside it/);
  }, 120_000);
});
