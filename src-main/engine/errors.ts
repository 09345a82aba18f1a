import type { CauseKind } from '../../shared/history.js';
import { HotBackupError, type ErrorCode } from '../../shared/result.js';
import { formatBytes } from '../../shared/format.js';

/**
 * Typed errors that end a run. Each is thrown where its cause happens and carries its kind, so
 * the run's record (BACKUP.LOG, HB.LOG, the run history, the e-mail) never has to guess it from
 * a message. Every message names the folder or file, the cause in words and the fix.
 */
export class RunError extends HotBackupError {
  constructor(
    readonly kind: CauseKind,
    code: ErrorCode,
    message: string,
  ) {
    super(code, message);
    this.name = 'RunError';
  }
}

/** Pure: the one wording of a full drive, at start and mid-run alike. */
export function outOfSpaceMessage(folder: string, neededBytes: number | null, free: number | null): string {
  const needed = neededBytes === null ? 'more space' : `about ${formatBytes(neededBytes)}`;
  return (
    `the HotBackup folder ${folder} ran out of space: ${needed} needed, ${free === null ? 'an unknown amount' : formatBytes(free)} free on its drive ` +
    '(older backups are intact). Free space on that drive, lower the Recent/Archive counts, or choose a HotBackup folder on a larger drive, then run the backup again.'
  );
}

/** The HotBackup folder's drive is full (or the account's quota is used up), before or during the run. */
export class DiskFullError extends RunError {
  constructor(
    readonly folder: string,
    readonly neededBytes: number | null,
    readonly freeBytes: number | null,
  ) {
    super('disk-full', 'IO_ERROR', outOfSpaceMessage(folder, neededBytes, freeBytes));
    this.name = 'DiskFullError';
  }
}

/** Someone asked to stop this run (Cancel in the console, the tray, `hotbackup cancel`, Ctrl-C). */
export class CancelledError extends RunError {
  constructor(readonly by: string) {
    super('cancelled', 'RUN_FAILED', `cancelled by ${by || 'an unnamed user'}`);
    this.name = 'CancelledError';
  }
}

/** A phase made no progress for the watchdog's limit. */
export class StuckError extends RunError {
  constructor(
    readonly phase: string,
    readonly minutes: number,
    what: string,
  ) {
    super(
      'stuck',
      'RUN_FAILED',
      `no progress for ${minutes} min in "${phase}" (${what}); the run was stopped. Check that the drives of the data directories and the HotBackup folder answer, then run the backup again (setting engine.watchdogMinutes).`,
    );
    this.name = 'StuckError';
  }
}

/** A file or folder the run needs could not be read (and the settings say that fails the run). */
export class UnreadableError extends RunError {
  constructor(
    readonly path: string,
    why: string,
  ) {
    super('unreadable', 'IO_ERROR', `"${path}" cannot be read (${why}). Give the account running HotBackup read access to it, or exclude it in Data Directories.`);
    this.name = 'UnreadableError';
  }
}

/** Plain words for an errno code: the user never sees "EACCES". */
export function errnoWords(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'it no longer exists';
    case 'ENOTDIR':
      return 'a part of its path is not a folder';
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'EIO':
      return 'the disk reported a read or write error';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'the drive is full';
    case 'EROFS':
      return 'the drive is read-only';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many files are open';
    case 'ELOOP':
      return 'too many symbolic links in its path';
    case 'ENAMETOOLONG':
      return 'its name is too long';
    case 'EBUSY':
      return 'it is in use';
    case 'ETIMEDOUT':
    case 'EHOSTDOWN':
    case 'ESTALE':
      return 'the network drive does not answer';
    default:
      return code ? `system error ${code}` : 'an unexpected error';
  }
}

/** Plain words for a SQLite result code (better-sqlite3's `code`): the user never sees SQLite's own text. Null when it is not one. */
export function sqliteWords(code: string): string | null {
  if (!code.startsWith('SQLITE_')) return null;
  const base = code.replace(/^(SQLITE_[A-Z]+?)(_[A-Z_]+)?$/, '$1');
  switch (base) {
    case 'SQLITE_CORRUPT':
    case 'SQLITE_NOTADB':
    case 'SQLITE_FORMAT':
      return 'the file is damaged or is not a database';
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return 'another program keeps it locked';
    case 'SQLITE_READONLY':
      return 'it needs write access to its folder, which this account does not have';
    case 'SQLITE_CANTOPEN':
      return 'SQLite cannot open it or a file beside it (-wal, -shm, -journal): each must be a file this account can read, in a folder it can read';
    case 'SQLITE_IOERR':
      return 'the disk reported a read or write error';
    case 'SQLITE_FULL':
      return 'the drive is full';
    case 'SQLITE_NOMEM':
      return 'the computer ran out of memory';
    case 'SQLITE_PERM':
    case 'SQLITE_AUTH':
      return 'permission denied';
    case 'SQLITE_TOOBIG':
    case 'SQLITE_NOLFS':
      return 'it is too large for SQLite on this computer';
    case 'SQLITE_PROTOCOL':
      return 'another program kept changing its locks';
    case 'SQLITE_SCHEMA':
      return 'its structure changed while it was read';
    default:
      return `SQLite reported an unexpected error (${code})`;
  }
}

/**
 * The cause of an error in words, for a message that already names the file: an errno or SQLite
 * code in words, one of HotBackup's own messages as written, anything else as itself (our own text).
 */
export function causeWords(err: unknown): string {
  if (err instanceof HotBackupError) return err.message;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') {
    const sqlite = sqliteWords(code);
    if (sqlite) return sqlite;
    if (/^E[A-Z]+$/.test(code)) return errnoWords(err);
  }
  return (err as Error)?.message ?? String(err);
}

/** ENOSPC/EDQUOT from the filesystem, or SQLITE_FULL from SQLite: the drive being written is full. */
export function isDiskFull(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL';
}
