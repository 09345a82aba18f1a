import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HotBackupError } from '../../../shared/result.js';
import { openSqlite, sqliteModuleProblem } from './sqlite-open.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hb-sqlite-open-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('openSqlite', () => {
  it('names a SQLite module that cannot load, and the rebuild command, instead of blaming the database', () => {
    const db = join(dir, 'ledger.db');
    openSqlite(db, {}).close();
    const bad = join(dir, 'better_sqlite3.node');
    writeFileSync(bad, 'not a compiled module');
    const err = thrown(() => openSqlite(db, { readonly: true, nativeBinding: bad }));
    expect(err).toBeInstanceOf(HotBackupError);
    expect((err as HotBackupError).message).toContain('is built for another Node (or for Electron)');
    expect((err as HotBackupError).message).toContain('"npm rebuild better-sqlite3"');
    expect((err as HotBackupError).message).not.toContain('integrity_check');
  });

  it('names a SQLite module that is not there at all', () => {
    const err = thrown(() => openSqlite(join(dir, 'x.db'), { nativeBinding: join(dir, 'missing.node') }));
    expect((err as HotBackupError).message).toContain('is not built');
  });

  it("passes the database's own errors through unchanged", () => {
    const notADb = join(dir, 'notes.db');
    writeFileSync(notADb, 'plain text, not a database'.repeat(10));
    const err = thrown(() => openSqlite(notADb, { readonly: true }).prepare('SELECT 1 FROM sqlite_master').get());
    expect(err).not.toBeInstanceOf(HotBackupError);
    expect((err as { code?: string }).code).toBe('SQLITE_NOTADB');
  });
});

describe('sqliteModuleProblem', () => {
  it.each([
    ['Could not locate the bindings file. Tried:\n → /opt/hb/node_modules/better-sqlite3/build/better_sqlite3.node', undefined, 'is not built'],
    ["The module '/opt/hb/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 145. This version of Node.js requires\nNODE_MODULE_VERSION 115.", 'ERR_DLOPEN_FAILED', 'not for this Node 20.20.2'],
  ])('%s', (message, code, expected) => {
    expect(sqliteModuleProblem(Object.assign(new Error(message), { code }), '20.20.2')).toContain(expected);
  });

  it('is null for SQLite errors', () => {
    expect(sqliteModuleProblem(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }))).toBeNull();
  });
});
