import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TempDirs } from '../testing/engine-fixtures.js';
import { lowerOwnThreadPriority, raiseOwnThreadPriority } from '../worker/thread-priority.js';
import { SqliteChild } from './sqlite-child.js';
import { copyHeldSnapshot, holdSqliteSnapshot, releaseSqliteSnapshot } from './sqlite-snapshot.js';

// Up to the snapshot point the run's thread asks for more CPU than normal (nice -5, where the
// process may: the Director as root), and the SQLite helper it starts then inherits that in every
// thread it has. From the copy on (after the snapshot point) no thread of the helper may work
// above normal priority: the office's programs come first.

const temps = new TempDirs();
afterAll(() => temps.cleanup());

/** The nice value of every thread of process `pid` (Linux /proc). */
function threadNices(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) => {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

describe.runIf(process.platform === 'linux')('the SQLite helper started while the run works at a raised priority', () => {
  it('works at normal priority or lower in every one of its threads once it copies', async (ctx) => {
    if (raiseOwnThreadPriority() !== -5) {
      lowerOwnThreadPriority(0);
      console.log('skipped: this process may not raise a thread priority (not root, no CAP_SYS_NICE), so no helper inherits a raised one');
      ctx.skip();
    }
    let child: SqliteChild;
    try {
      child = new SqliteChild();
    } finally {
      lowerOwnThreadPriority(0);
    }
    try {
      const dir = temps.make('child-priority');
      const file = join(dir, 'books.db');
      const db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.exec('CREATE TABLE t(x); INSERT INTO t VALUES (1)');
      db.close();
      const held = await holdSqliteSnapshot(child, file, dir, 'private');
      expect(Math.min(...threadNices(child.pid as number))).toBe(-5); // inherited, up to the snapshot point
      await copyHeldSnapshot(held, join(dir, 'copy.sqlite'));
      expect(Math.min(...threadNices(child.pid as number))).toBeGreaterThanOrEqual(0);
      await releaseSqliteSnapshot(held);
    } finally {
      await child.close();
    }
  });
});
