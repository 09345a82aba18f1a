import { HotBackupError } from '../../../shared/result.js';
import { isSqliteReport, type SqliteChild } from './sqlite-child.js';
import { sqliteModuleProblem } from './sqlite-open.js';
import { NEEDS_PRIVATE_COPY, openPrivateCopy, sqliteCause, unreadableReason } from './sqlite-private-copy.js';

export interface HeldSqliteSnapshot {
  source: string;
  /** The exact bytes of `source` when they are not UTF-8 (HB.LOG names them so). */
  sourceBytes?: Buffer;
  /** The helper process holding the read transaction (sqlite-child.ts) and its key there. */
  child: SqliteChild;
  key: number;
  released?: boolean;
  /** Set when the snapshot is of a private copy (see sqlite-private-copy.ts): why, for HB.LOG. */
  privateCopy?: string;
}

let nextKey = 1;

/**
 * Open `file` in the helper process and start a read transaction there (BEGIN and one read: BEGIN
 * is lazy, the first read takes the snapshot). Resolves once the snapshot is fixed. A module that
 * cannot load is named as such (RUN_FAILED), not as the database's fault.
 */
export async function holdInChild(child: SqliteChild, file: string, readonly: boolean, source: string): Promise<number> {
  const key = nextKey++;
  try {
    await child.request({ op: 'hold', key, file, readonly, timeout: 10_000 }, `opening SQLite database "${source}"`);
  } catch (err) {
    const problem = sqliteModuleProblem(err);
    if (problem) throw new HotBackupError('RUN_FAILED', problem);
    throw err;
  }
  return key;
}

/**
 * Fix the database's content at this instant: a read-only connection with an open read
 * transaction, held by the helper process. In WAL mode writers go on; what they commit from now on
 * is not seen by it. Where the original cannot be read that way (an idle WAL database in a folder
 * this account cannot write, a hot journal left by a crash), a private copy in `privateDir` is read instead.
 */
export async function holdSqliteSnapshot(child: SqliteChild, source: string, privateDir: string, name: string): Promise<HeldSqliteSnapshot> {
  try {
    const key = await holdInChild(child, source, true, source);
    return { source, child, key };
  } catch (err) {
    if (!isSqliteReport(err)) throw err;
    const code = (err as { code?: string }).code ?? '';
    if (code === 'EMFILE') throw new HotBackupError('RUN_FAILED', tooManyOpen(source));
    if (NEEDS_PRIVATE_COPY.has(code)) {
      const copy = await openPrivateCopy(source, privateDir, name, (file) => holdInChild(child, file, false, source));
      const why = code === 'SQLITE_READONLY_ROLLBACK' ? 'a hot journal left by a crash is rolled back on the copy' : 'the original cannot be opened read-only here (no writable -shm)';
      return { source, child, key: copy.key, privateCopy: `${why}; copied ${['the database', ...copy.sidecars].join(', ')}` };
    }
    const unreadable = await unreadableReason(source);
    if (unreadable) throw new HotBackupError('IO_ERROR', unreadable);
    throw new HotBackupError('RUN_FAILED', `Cannot open SQLite database "${source}" for a snapshot: ${sqliteCause(err)}. Run PRAGMA integrity_check on it, or open the program that uses it once, then run the backup again.`);
  }
}

/** Every database is held open up to the snapshot point, three files each: a limit too low for them is named, with its fix. */
const tooManyOpen = (source: string) =>
  `SQLite database "${source}" cannot be held for the snapshot: too many files are open. Up to the snapshot point HotBackup keeps every database ` +
  'of the data directories open, three files each (the database, its -wal and -shm), and the system lets it keep fewer. Raise the open-files limit ' +
  'of the account or service HotBackup runs as (its hard limit: "ulimit -n" in the shell that starts it, LimitNOFILE= for a systemd service), ' +
  'or exclude folders of databases in Data Directories, then run the backup again.';

export interface SqliteCopyResult {
  pages: number;
  /** Backup steps after the first; 1 means the copy never restarted. */
  steps: number;
}

/**
 * Copy every page of the held snapshot to `dest` in one backup step from the same connection (in
 * the helper process: a stop request kills it there, and `dest` exists only once complete).
 */
export function copyHeldSnapshot(held: HeldSqliteSnapshot, dest: string): Promise<SqliteCopyResult> {
  return held.child.request<SqliteCopyResult>({ op: 'copy', key: held.key, dest }, `copying SQLite database "${held.source}"`);
}

/** End the held read transaction (once; a helper already gone has ended it). */
export async function releaseSqliteSnapshot(held: HeldSqliteSnapshot): Promise<void> {
  if (held.released) return;
  held.released = true;
  await held.child.request({ op: 'release', key: held.key }, `releasing SQLite database "${held.source}"`);
}

/**
 * `PRAGMA quick_check` (or integrity_check) of a copy, in the helper process (a stop request kills
 * it): [] when it is sound, else SQLite's findings.
 */
export async function checkSqliteFile(child: SqliteChild, file: string, pragma: 'quick_check' | 'integrity_check' = 'quick_check'): Promise<string[]> {
  let findings: string[];
  try {
    findings = await child.request<string[]>({ op: 'check', file, pragma }, `checking the SQLite copy "${file}"`);
  } catch (err) {
    const problem = sqliteModuleProblem(err);
    if (problem) throw new HotBackupError('RUN_FAILED', problem);
    throw err;
  }
  return findings.length === 1 && findings[0] === 'ok' ? [] : findings;
}
