import { shownName } from '../../../shared/shown-name.js';
import { closeSync, constants, lstatSync, openSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HotBackupError } from '../../../shared/result.js';
import type { EngineSettings } from '../../../shared/settings.js';
import type { Plan } from '../plan/plan-types.js';
import { errnoWords, UnreadableError } from '../errors.js';
import type { Clock } from '../../base/clock.js';
import type { EntryTable } from '../plan/entry-table.js';
import { forEachLimited } from './captured-entry.js';
import { settleRead, type SpillFile } from './settle-read.js';
import type { SqliteChild } from './sqlite-child.js';
import { holdSqliteSnapshot, releaseSqliteSnapshot, type HeldSqliteSnapshot } from './sqlite-snapshot.js';

export interface LockContext {
  stagingDir: string;
  settings: EngineSettings;
  clock: Clock;
  log(code: string, detail: string): void;
  onProgress(bytesDone: number, filesDone: number, current: string | null): void;
  signal?: AbortSignal;
  /** Small files are held in memory up to this total (default 128 MiB), the rest staged on disk. */
  memoryBudget?: number;
  memoryPerFile?: number;
  racyWindowMs?: number;
  /** By data directory (Plan.dataDirectories' order): include its files that never settle, as `settings.includeUnsettled` does for all. */
  includeUnsettledIn?: readonly boolean[];
  /** The run's SQLite helper process (sqlite-child.ts), started ahead; asked for when a database is met. */
  sqlite?: () => SqliteChild;
}

export interface LockedFiles {
  /** The plan's entries with what was captured (the same table, filled in). */
  entries: EntryTable;
  held: HeldSqliteSnapshot[];
  warnings: string[];
  /** When the database snapshots were fixed. */
  snapshotAt: Date;
  /** Files left out: deleted before they could be read, or unreadable (each one in HB.LOG). */
  skipped: { vanished: number; unreadable: number };
  durationMs: number;
}

const READERS = 8;

/**
 * "Locking Files", the snapshot point: hold a read transaction on every database, then
 * capture one settled version of every other file.
 */
export async function lockFiles(plan: Plan, ctx: LockContext): Promise<LockedFiles> {
  const started = ctx.clock();
  const held: HeldSqliteSnapshot[] = [];
  const warnings: string[] = [];
  const skipped = { vanished: 0, unreadable: 0 };
  try {
    const table = plan.entries;
    for (let i = 0; i < table.length; i++) {
      if (table.kindAt(i) !== 'sqlite') continue;
      const e = table.get(i);
      const path = e.sourcePath ?? e.source;
      const gone = (why: string) => {
        table.remove(i);
        skipped.vanished++;
        ctx.log('HB_FILE_VANISHED', `"${shownName(path)}" ${why} before it could be read; not in this backup`);
      };
      // A database deleted since the walk is not an error: there is nothing left to save. One
      // replaced (by a symbolic link, or its folder by one, to a file outside the data directory)
      // is gone for this run as well: SQLite opens by path, and must not read through the link.
      const before = identityNow(path, e.identity);
      if (before !== 'same') {
        gone(before === 'missing' ? 'was deleted' : 'was replaced (by a symbolic link or another file)');
        continue;
      }
      if (!ctx.sqlite) throw new Error('internal: lockFiles met a database without a SQLite helper');
      const child = ctx.sqlite();
      const h = e.sourcePath
        ? await holdByBytePath(child, e.source, e.sourcePath, ctx.stagingDir, held.length)
        : await holdSqliteSnapshot(child, e.source, ctx.stagingDir, `db-${held.length}.private`);
      // Swapped while it was opened: what is held may be another file. Let it go.
      if (identityNow(path, e.identity) !== 'same') {
        await releaseSqliteSnapshot(h);
        gone('was replaced (by a symbolic link or another file) while it was opened');
        continue;
      }
      held.push(h);
      ctx.log('HB_SQLITE_SNAPSHOT_HELD', h.privateCopy ? `${shownName(e.sourcePath ?? e.source)} (private copy: ${h.privateCopy})` : shownName(e.sourcePath ?? e.source));
    }
    const snapshotAt = ctx.clock();
    const isFile = (i: number) => table.kindAt(i) === 'file' && !table.isHardlink(i);
    let memoryLeft = ctx.memoryBudget ?? 128 * 1024 * 1024;
    const perFile = ctx.memoryPerFile ?? 1024 * 1024;
    const clone = { supported: null as boolean | null };
    const noClone = { supported: false };
    const stagingDir = resolve(ctx.stagingDir);
    const spillPath = join(ctx.stagingDir, 'small-files.spill');
    const spill: SpillFile = { path: spillPath, fd: openSync(spillPath, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600), size: 0 };
    table.spillPath = spillPath;
    let bytes = 0;
    let done = 0;
    let begun = 0;
    await forEachLimited(table.length, isFile, READERS, async (index) => {
      const entry = table.get(index);
      // Small reads are synchronous: let the event loop see a stop request now and then.
      if (++begun % 256 === 0) await new Promise((r) => setImmediate(r));
      // Reserve memory before reading (by the planned size), so readers running side by side stay within the budget.
      const reserved = entry.size <= Math.min(perFile, memoryLeft) ? entry.size : 0;
      const memoryLimit = reserved > 0 ? Math.min(perFile, memoryLeft) : 0;
      memoryLeft -= reserved;
      let r;
      try {
        r = await settleRead(entry.sourcePath ?? entry.source, {
          attempts: ctx.settings.settleAttempts,
          memoryLimit,
          spill,
          spillLimit: perFile,
          stagePath: `${stagingDir}/${index}.file`,
          sparse: entry.sparse,
          plannedEmpty: entry.size === 0,
          // Cloning pays off for big files only; small ones are read into memory or the spill file.
          clone: entry.size > perFile ? clone : noClone,
          racyWindowMs: ctx.racyWindowMs,
          signal: ctx.signal,
          onAttempt: (n, reason) => ctx.log('HB_VALIDATION_ATTEMPT', `Validation attempt ${n}, "${shownName(entry.sourcePath ?? entry.source)}": ${reason}`),
          onBytes: (n) => { bytes += n; },
        });
      } catch (err) {
        const c = (err as NodeJS.ErrnoException).code;
        if (c !== 'EACCES' && c !== 'EPERM') throw err;
        if (ctx.settings.failOnUnreadable) throw new UnreadableError(entry.source, errnoWords(err));
        memoryLeft += reserved;
        table.remove(index);
        skipped.unreadable++;
        done++;
        ctx.log('HB_SKIPPED', `"${shownName(entry.sourcePath ?? entry.source)}": cannot be read (${errnoWords(err)}); not in this backup`);
        return;
      }
      done++;
      ctx.onProgress(bytes, done, entry.source);
      if (r.vanished) {
        memoryLeft += reserved;
        table.remove(index);
        skipped.vanished++;
        ctx.log('HB_FILE_VANISHED', `"${shownName(entry.sourcePath ?? entry.source)}" was deleted before it could be read; not in this backup`);
        return;
      }
      memoryLeft += reserved - (r.content.kind === 'memory' ? r.size : 0);
      table.setContent(index, r.content, r.size);
      if (!r.settled) {
        if (!ctx.settings.includeUnsettled && ctx.includeUnsettledIn?.[entry.dataDir] !== true) {
          throw new HotBackupError(
            'RUN_FAILED',
            `File "${entry.source}" kept changing while it was read (${r.attempts} attempts; last: ${r.reason}). ` +
              'Close the program that writes it and run the backup again, exclude the file, or turn on "include files that keep changing" for its data directory ("hotbackup data set DIR --include-unsettled", or the Data Directories tab).',
          );
        }
        const unsettled = r.reason ?? 'kept changing';
        table.update(index, { unsettled });
        const w = `"${shownName(entry.sourcePath ?? entry.source)}" never settled after ${r.attempts} attempts (${unsettled}); included as last read, it may be torn`;
        warnings.push(w);
        ctx.log('HB_UNSETTLED_INCLUDED', w);
      }
    });
    closeSync(spill.fd);
    await relinkHardLinks(table, ctx);
    if (clone.supported) ctx.log('MISC_INFO', 'large files were captured as copy-on-write clones');
    const durationMs = ctx.clock().getTime() - started.getTime();
    return { entries: table, held, warnings, snapshotAt, durationMs, skipped };
  } catch (err) {
    // The held snapshots end with the helper process, which the run closes (or kills) on failure.
    for (const h of held) h.released = true;
    throw err;
  }
}

/**
 * Whether `path` is still the regular file the walk found (`identity`: its `dev:ino` then; a plan
 * without one, made by hand, is not compared). lstat follows a folder on the way that became a
 * link, so a swapped folder shows as another file too.
 */
function identityNow(path: string | Buffer, identity: string | undefined): 'same' | 'missing' | 'other' {
  let st;
  try {
    st = lstatSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR') return 'missing';
    throw err;
  }
  if (!st.isFile()) return 'other';
  return identity === undefined || identity === `${st.dev}:${st.ino}` ? 'same' : 'other';
}

/**
 * A hard link whose first name vanished before it was read: the next name of the same file is
 * read instead and becomes the entry holding the content; later names link to it.
 */
async function relinkHardLinks(table: EntryTable, ctx: LockContext): Promise<void> {
  const holder = new Map<string, { archivePath: string; archiveBytes?: Buffer; size: number }>();
  for (const i of [...table.linkedIndices()]) {
    const e = table.get(i);
    const inode = e.inode as string;
    if (!e.hardlink) {
      holder.set(inode, e);
      continue;
    }
    const first = holder.get(inode);
    if (first) {
      table.update(i, { linkTarget: first.archivePath, linkBytes: first.archiveBytes });
      table.setContent(i, null, first.size);
      continue;
    }
    const r = await settleRead(e.sourcePath ?? e.source, {
      attempts: ctx.settings.settleAttempts, memoryLimit: 0, stagePath: join(ctx.stagingDir, `${i}.file`), clone: { supported: false }, racyWindowMs: ctx.racyWindowMs, signal: ctx.signal,
    });
    if (r.vanished) {
      ctx.log('HB_FILE_VANISHED', `"${shownName(e.sourcePath ?? e.source)}" was deleted before it could be read; not in this backup`);
      table.remove(i);
      continue;
    }
    table.update(i, { linkTarget: undefined, linkBytes: undefined, hardlink: false, ...(r.settled ? {} : { unsettled: r.reason ?? 'kept changing' }) });
    table.setContent(i, r.content, r.size);
    holder.set(inode, { ...e, size: r.size });
  }
}

/**
 * A database whose name is not UTF-8 (SQLite takes its file name as text): opened through
 * symbolic links with safe names in the staging folder, one to the database and one to each
 * file beside it (-wal, -journal, -shm), so SQLite and a private copy find them all. Messages
 * name the database, never the links.
 */
async function holdByBytePath(child: SqliteChild, shown: string, bytes: Buffer, stagingDir: string, n: number): Promise<HeldSqliteSnapshot> {
  const link = join(stagingDir, `db-${n}.link`);
  symlinkSync(bytes, link);
  for (const side of ['-wal', '-journal', '-shm']) symlinkSync(Buffer.concat([bytes, Buffer.from(side)]), link + side);
  try {
    return { ...(await holdSqliteSnapshot(child, link, stagingDir, `db-${n}.private`)), source: shown, sourceBytes: bytes };
  } catch (err) {
    if (err instanceof HotBackupError) throw new HotBackupError(err.code, err.message.split(link).join(shown));
    throw err;
  }
}
