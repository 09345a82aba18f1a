import type Database from 'better-sqlite3';
import { HotBackupError } from '../../../shared/result.js';
import { openSqlite } from './sqlite-open.js';
import { NEEDS_PRIVATE_COPY, openPrivateCopy, sqliteCause, unreadableReason } from './sqlite-private-copy.js';

export interface HeldSqliteSnapshot {
  source: string;
  /** The exact bytes of `source` when they are not UTF-8 (HB.LOG names them so). */
  sourceBytes?: Buffer;
  db: Database.Database;
  /** Set when the snapshot is of a private copy (see sqlite-private-copy.ts): why, for HB.LOG. */
  privateCopy?: string;
}

/**
 * Fix the database's content at this instant: a read-only connection with an open read
 * transaction. In WAL mode writers go on; what they commit from now on is not seen by it.
 * Where the original cannot be read that way (an idle WAL database in a folder this account
 * cannot write, a hot journal left by a crash), a private copy in `privateDir` is read instead.
 */
export async function holdSqliteSnapshot(source: string, privateDir: string, name: string): Promise<HeldSqliteSnapshot> {
  let db: Database.Database | null = null;
  try {
    db = openSqlite(source, { readonly: true, fileMustExist: true, timeout: 10_000 });
    db.exec('BEGIN');
    // BEGIN is lazy: the first read takes the snapshot.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return { source, db };
  } catch (err) {
    db?.close();
    if (err instanceof HotBackupError) throw err;
    const code = (err as { code?: string }).code ?? '';
    if (NEEDS_PRIVATE_COPY.has(code)) {
      const copy = await openPrivateCopy(source, privateDir, name);
      const why = code === 'SQLITE_READONLY_ROLLBACK' ? 'a hot journal left by a crash is rolled back on the copy' : 'the original cannot be opened read-only here (no writable -shm)';
      return { source, db: copy.db, privateCopy: `${why}; copied ${['the database', ...copy.sidecars].join(', ')}` };
    }
    const unreadable = await unreadableReason(source);
    if (unreadable) throw new HotBackupError('IO_ERROR', unreadable);
    throw new HotBackupError('RUN_FAILED', `Cannot open SQLite database "${source}" for a snapshot: ${sqliteCause(err)}. Run PRAGMA integrity_check on it, or open the program that uses it once, then run the backup again.`);
  }
}

export interface SqliteCopyResult {
  pages: number;
  /** Backup steps after the first; 1 means the copy never restarted. */
  steps: number;
}

/** Copy every page of the held snapshot to `dest` in one backup step from the same connection. */
export async function copyHeldSnapshot(held: HeldSqliteSnapshot, dest: string): Promise<SqliteCopyResult> {
  let steps = 0;
  // better-sqlite3 does a zero-page first step, then asks how many pages next: "all" keeps it to one step,
  // so a commit by another connection can never make it start over.
  const r = await held.db.backup(dest, {
    progress: () => {
      steps++;
      return 0x7fffffff;
    },
  });
  return { pages: r.totalPages, steps };
}

export function releaseSqliteSnapshot(held: HeldSqliteSnapshot): void {
  if (held.db.inTransaction) held.db.exec('COMMIT');
  held.db.close();
}

/** `PRAGMA quick_check` (or integrity_check) on a copy: [] when it is sound, else SQLite's findings. */
export function checkSqliteFile(file: string, pragma: 'quick_check' | 'integrity_check' = 'quick_check'): string[] {
  const db = openSqlite(file, { readonly: true, fileMustExist: true });
  try {
    // Pages read through a memory map instead of one read() each: half the CPU of the check. Safe
    // here: the file is HotBackup's own copy, which no other process writes or truncates.
    db.pragma('mmap_size = 2147418112');
    const rows = db.pragma(pragma) as Record<string, string>[];
    const findings = rows.map((r) => Object.values(r)[0] ?? '');
    return findings.length === 1 && findings[0] === 'ok' ? [] : findings;
  } finally {
    db.close();
  }
}
