import { constants } from 'node:fs';
import { access, copyFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { HotBackupError } from '../../../shared/result.js';
import { signatureChange, signatureOf, type FileSignature } from './file-signature.js';
import { causeWords, isDiskFull } from '../errors.js';
import { isSqliteReport } from './sqlite-child.js';

/**
 * The database as its last commit left it, when a read-only connection on the original cannot
 * see it (SQLite docs, wal.html "Read-Only Databases" and atomiccommit.html "Hot Rollback
 * Journals"): an idle WAL database whose folder the account cannot write (no -shm can be made),
 * or a rollback journal left hot by a crash (only a writer may roll it back). Both mean no
 * process is writing, so the file and its -wal or -journal are copied to a private folder and
 * opened there read-write: SQLite replays the WAL or rolls the hot journal back on that copy.
 */

/** SQLite error codes of an open or first read that a private copy gets past. */
export const NEEDS_PRIVATE_COPY = new Set([
  'SQLITE_CANTOPEN',
  'SQLITE_READONLY',
  'SQLITE_READONLY_ROLLBACK',
  'SQLITE_READONLY_RECOVERY',
  'SQLITE_READONLY_CANTINIT',
  'SQLITE_READONLY_CANTLOCK',
  'SQLITE_READONLY_DIRECTORY',
]);

const SIDECARS = ['-wal', '-journal'] as const;
const ATTEMPTS = 3;

async function signatures(paths: string[]): Promise<(FileSignature | null)[]> {
  return Promise.all(paths.map((p) => stat(p, { bigint: true }).then(signatureOf, () => null)));
}

function sameSignatures(a: (FileSignature | null)[], b: (FileSignature | null)[]): boolean {
  return a.every((x, i) => (x === null ? b[i] === null : b[i] !== null && signatureChange(x, b[i]!) === null));
}

/** Why the account cannot read the database, in words, or null when it can. */
export async function unreadableReason(source: string): Promise<string | null> {
  try {
    await access(dirname(source), constants.R_OK | constants.X_OK);
  } catch {
    return `HotBackup cannot open the folder of SQLite database "${source}" (permission denied). Give the account HotBackup runs as read access to ${dirname(source)}.`;
  }
  try {
    await access(source, constants.R_OK);
  } catch {
    return `HotBackup cannot read SQLite database "${source}" (permission denied). Give the account HotBackup runs as read access to it.`;
  }
  return null;
}

export interface PrivateCopy {
  /** What `open` answered: the held copy's key in the SQLite helper. */
  key: number;
  /** Which sidecar files came along (for HB.LOG). */
  sidecars: string[];
}

/**
 * Copy `source` (and its -wal / -journal) into `privateDir` as `name`, unchanged across the copy,
 * and open the copy with a read transaction (`open`: read-write, in the SQLite helper, which
 * replays the WAL or rolls the journal back there). Throws a HotBackupError that says what to do.
 */
export async function openPrivateCopy(source: string, privateDir: string, name: string, open: (file: string) => Promise<number>): Promise<PrivateCopy> {
  const unreadable = await unreadableReason(source);
  if (unreadable) throw new HotBackupError('IO_ERROR', unreadable);
  const from = [source, ...SIDECARS.map((s) => source + s)];
  const to = join(privateDir, name);
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const before = await signatures(from);
    const present = from.filter((_, i) => before[i] !== null);
    try {
      for (const [i, f] of from.entries()) if (before[i]) await copyFile(f, to + (i === 0 ? '' : SIDECARS[i - 1]));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM') {
        throw new HotBackupError('IO_ERROR', `HotBackup cannot read "${(err as NodeJS.ErrnoException).path ?? source}" (permission denied), which SQLite database "${source}" needs. Give the account HotBackup runs as read access to it.`);
      }
      // A full HotBackup drive is judged by the run (one message for it); the rest is the database's.
      if (isDiskFull(err)) throw err;
      throw new HotBackupError(
        'IO_ERROR',
        `SQLite database "${source}" cannot be backed up: "${(err as NodeJS.ErrnoException).path ?? source}" cannot be copied (${causeWords(err)}). ` +
          'Make sure the database and the files beside it (-wal, -shm, -journal) are files this account can read, or exclude the database in Data Directories, then run the backup again.',
      );
    }
    if (!sameSignatures(before, await signatures(from))) continue; // a writer came back meanwhile: copy again
    try {
      return { key: await open(to), sidecars: present.slice(1).map((p) => basename(p)) };
    } catch (err) {
      if (!isSqliteReport(err)) throw err;
      throw new HotBackupError(
        'RUN_FAILED',
        `SQLite database "${source}" cannot be read as its last commit left it (${sqliteCause(err)}). ` +
          'Open the program that uses it once, so that it finishes what it left, then run the backup again.',
      );
    }
  }
  throw new HotBackupError('RUN_FAILED', `SQLite database "${source}" kept changing while HotBackup copied it; run the backup again.`);
}

/** SQLite's reason, in words, without its raw text (errors.ts sqliteWords; an errno in words). */
export function sqliteCause(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_') || /^E[A-Z]+$/.test(code)) ? causeWords(err) : 'SQLite reported an unexpected error';
}
