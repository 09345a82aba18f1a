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
  /** Backup steps after the first (zero-page) one. */
  steps: number;
  /** Times the copy started over (another connection changed the pages it had copied): 0 with a held snapshot. */
  restarts: number;
}

export interface SqliteCopyOptions {
  /** Looked at between steps: an aborted copy stops there (the partial file is the caller's to remove). */
  signal?: AbortSignal;
  /** Bytes per step (default 16 MiB): a step is one native call that nothing can interrupt. */
  bytesPerStep?: number;
  /** Called between steps (tests). */
  onStep?: (remainingPages: number) => void;
}

const BYTES_PER_STEP = 16 * 1024 * 1024;

/**
 * Copy every page of the held snapshot to `dest` from the same connection, in steps of about 16 MiB.
 * The connection's read transaction stays open across the steps, so another connection's commit
 * never makes the copy start over (it is not seen). Between steps the stop request is looked at:
 * a cancel never waits for a whole large database, and the run's worker stops by itself instead
 * of being ended in the middle of a native SQLite call (ending a thread there aborts the process
 * when that call then fails: "FATAL ERROR: v8::ToLocalChecked Empty MaybeLocal").
 */
export async function copyHeldSnapshot(held: HeldSqliteSnapshot, dest: string, o: SqliteCopyOptions = {}): Promise<SqliteCopyResult> {
  const pageSize = Number(held.db.pragma('page_size', { simple: true })) || 4096;
  const pagesPerStep = Math.max(1, Math.floor((o.bytesPerStep ?? BYTES_PER_STEP) / pageSize));
  let steps = 0;
  let restarts = 0;
  let remaining = Infinity;
  // better-sqlite3 does a zero-page first step, then asks how many pages next; a throw here ends the copy.
  const r = await held.db.backup(dest, {
    progress: (p) => {
      steps++;
      if (p.remainingPages > remaining) restarts++;
      remaining = p.remainingPages;
      o.signal?.throwIfAborted();
      o.onStep?.(p.remainingPages);
      return pagesPerStep;
    },
  });
  o.signal?.throwIfAborted();
  return { pages: r.totalPages, steps, restarts };
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
