import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readlinkSync, readSync } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { HotBackupError } from '../../../shared/result.js';
import { isSameOrInside } from '../../../shared/paths.js';
import type { DataDirectory } from '../../../shared/settings.js';
import { childPath, childText, pathText, type FsPath } from '../fs/raw-path.js';
import { realPathOf } from '../fs/real-path.js';
import { errnoWords, UnreadableError } from '../errors.js';
import { excludeMatcher } from './glob-match.js';
import type { Plan, PlanEntry } from './plan-types.js';
import { addToTotals, noTotals } from './plan-types.js';
import { EntryTable } from './entry-table.js';
import { isUtf8 } from '../fs/raw-names.js';
import { isSqliteHeader, sqliteCompanionBase } from './sqlite-detect.js';
import { topFolderNames } from './top-folders.js';

export interface WalkOptions {
  dataDirectories: readonly DataDirectory[];
  /** Left out wherever it lies inside a data directory. */
  hotBackupFolder: string;
  /**
   * HotBackup's settings folder (settings.json, users, the secret and manifest keys): left out
   * wherever it lies inside a data directory (an older settings file may list a folder holding it;
   * a bind mount or link may lead to it); a data directory that is the settings folder fails the run.
   */
  settingsFolder?: string;
  signal?: AbortSignal;
  /** Fail on what cannot be read instead of skipping it (setting engine.failOnUnreadable). */
  failOnUnreadable?: boolean;
  /** Files and databases found so far (the run's one file count; folders and links are not counted), and the entry now. */
  onFile?(count: number, current: string): void;
}

/** A skipped path: its text, and its exact bytes when they are not UTF-8 (HB.LOG names them exactly). */
const skipSource = (p: FsPath): { source: string; sourceBytes?: Buffer } => (typeof p === 'string' ? { source: p } : { source: pathText(p), sourceBytes: p });
const errCode = (err: unknown) => (err as NodeJS.ErrnoException).code ?? 'error';
const PERMISSION = new Set(['EACCES', 'EPERM']);
/** Files at least this big are checked for holes. */
const SPARSE_MIN = 64 * 1024;

async function checkDataDirectory(path: string): Promise<void> {
  let st;
  try {
    st = await stat(path);
  } catch (err) {
    const why = errCode(err) === 'ENOENT' ? 'does not exist (is its drive connected?)' : `cannot be read (${errnoWords(err)})`;
    throw new HotBackupError('BAD_INPUT', `Data directory "${path}" ${why}. Fix the path in Data Directories or remove it.`);
  }
  if (!st.isDirectory()) {
    throw new HotBackupError('BAD_INPUT', `Data directory "${path}" is not a folder. Choose a folder in Data Directories.`);
  }
  try {
    await access(path, constants.R_OK | constants.X_OK);
  } catch (err) {
    throw new HotBackupError('IO_ERROR', `Data directory "${path}" cannot be read (${errnoWords(err)}). Give the account running HotBackup read access to it, or fix the path in Data Directories.`);
  }
}

// The walk uses synchronous calls: it runs in the backup worker, and thousands of small
// lstat calls cost far less without a thread-pool round trip each.
/** A folder's names, or why it could not be listed: gone since it was seen (a temporary folder), or unreadable. */
function readFolder(dir: FsPath): Buffer[] | { vanished: boolean; why: string } {
  try {
    // Names as bytes: a name that is not UTF-8 is kept exactly, never dropped or altered.
    return readdirSync(dir, { encoding: 'buffer' }).sort(Buffer.compare);
  } catch (err) {
    const c = errCode(err);
    return { vanished: c === 'ENOENT' || c === 'ENOTDIR', why: errnoWords(err) };
  }
}

/** The header bytes read into one scratch buffer (the walk is synchronous; each is checked before the next read). */
const first16 = Buffer.alloc(16);

/** Never through a link, never waiting on a named pipe: the file the lstat just saw may have been swapped since. */
/**
 * Whether a file's header is worth reading (open, fstat, read, close: most of the walk's time for
 * a folder of documents). A database is whole pages of 512 to 65,536 bytes, so its size is a
 * multiple of 512; one being written may be caught between sizes, and then has its -wal or
 * -journal beside it. A file passed over is captured as any other (settled or named), never torn.
 */
export function mayBeDatabase(size: number, journaled: boolean): boolean {
  return size >= 512 && (size % 512 === 0 || journaled);
}

export function readFirst16(file: FsPath): Buffer {
  const buf = first16;
  let fd: number | null = null;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
    if (!fstatSync(fd).isFile()) return Buffer.alloc(0);
    const bytesRead = readSync(fd, buf, 0, 16, 0);
    return buf.subarray(0, bytesRead);
  } catch (err) {
    // Gone or unreadable: not a database by its header; the capture skips it and says why.
    if (errCode(err) === 'ENOENT' || errCode(err) === 'ELOOP' || errCode(err) === 'ENXIO' || PERMISSION.has(errCode(err))) return Buffer.alloc(0);
    throw err;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** "Gathering File Statistics": walk every data directory and classify what it holds. */
export async function walkPlan(opts: WalkOptions): Promise<Plan> {
  const tops = topFolderNames(opts.dataDirectories);
  const hbFolder = resolve(opts.hotBackupFolder);
  // Compared by where it really is (links and `..` resolved) and by inode: a HotBackup folder reached
  // through a link inside a data directory is still left out, never backed up into itself.
  const hbReal = await realPathOf(hbFolder);
  const hbStat = await stat(hbReal).catch(() => null);
  const cfg = opts.settingsFolder ? resolve(opts.settingsFolder) : null;
  const cfgStat = cfg ? await stat(cfg).catch(() => null) : null;
  const isSettingsFolder = (st: { dev: number; ino: number; isDirectory(): boolean }) => cfgStat !== null && st.isDirectory() && st.dev === cfgStat.dev && st.ino === cfgStat.ino;
  const settingsSkip = (p: FsPath) => ({ ...skipSource(p), reason: "HotBackup's settings folder (settings, users and keys are never backed up)", kind: 'own' as const });
  const entries = new EntryTable(opts.dataDirectories.map((d, i) => ({ path: resolve(d.path), top: tops[i] as string })));
  const totals = noTotals();
  const add = (e: PlanEntry) => {
    entries.push(e);
    addToTotals(totals, e);
  };
  const skipped: Plan['skipped'] = [];
  const unmatchedExcludes: NonNullable<Plan['unmatchedExcludes']> = [];
  for (const d of opts.dataDirectories) await checkDataDirectory(d.path);
  let folders = 0;
  let filesFound = 0;

  for (const [index, d] of opts.dataDirectories.entries()) {
    const root = resolve(d.path);
    if (isSameOrInside(root, hbFolder) || isSameOrInside(await realPathOf(root), hbReal)) {
      throw new HotBackupError('BAD_INPUT', `Data directory "${root}" lies inside the HotBackup folder "${hbFolder}". Choose another data directory or HotBackup folder.`);
    }
    const top = tops[index] as string;
    const excluded = excludeMatcher(d.exclude);
    const rootStat = await stat(root);
    if (isSettingsFolder(rootStat)) {
      throw new HotBackupError(
        'BAD_INPUT',
        `Data directory "${root}" is HotBackup's settings folder "${cfg}" (settings, users and the secret key), which is never backed up. Remove it from the data directories and add the folder with your data.`,
      );
    }
    add({ kind: 'directory', dataDir: index, archivePath: top, source: root, size: 0, mode: rootStat.mode & 0o7777, mtimeMs: rootStat.mtimeMs, uid: rootStat.uid, gid: rootStat.gid });
    const topBytes = Buffer.from(top, 'utf8');
    /** The first name of each file with several (hard links), by `dev:ino`. */
    const firstName = new Map<string, PlanEntry>();

    const walkDir = async (abs: FsPath, rel: FsPath): Promise<void> => {
      // The calls below are synchronous: let the event loop see a stop request now and then.
      if (++folders % 64 === 0) await new Promise((r) => setImmediate(r));
      opts.signal?.throwIfAborted();
      const listed = readFolder(abs);
      if (!Array.isArray(listed)) {
        const absText = pathText(abs);
        if (rel === '' || (!listed.vanished && opts.failOnUnreadable)) throw new UnreadableError(absText, listed.why);
        // Its entry stays (an empty folder in the archive); what was in it is skipped and counted.
        skipped.push(listed.vanished
          ? { ...skipSource(abs), reason: 'folder deleted while the backup listed it; not in this backup', kind: 'vanished' }
          : { ...skipSource(abs), reason: `folder cannot be listed (${listed.why}); its content is not in this backup`, kind: 'unreadable' });
        return;
      }
      const names = listed;
      // Names with a -wal or -journal beside them (a database in use): their header is always read.
      let journaled: Set<string> | null = null;
      for (const name of names) {
        if (name[name.length - 1] !== 0x6c) continue; // "-wal" and "-journal" end in "l"
        const c = sqliteCompanionBase(name.toString('latin1'));
        if (c && c.kind !== 'shm') (journaled ??= new Set()).add(c.base);
      }
      const here: PlanEntry[] = [];
      const subdirs: [FsPath, FsPath][] = [];
      for (const name of names) {
        // A UTF-8 name under UTF-8 parents stays text (decoded once); any other takes the bytes path.
        const text = typeof abs === 'string' && typeof rel === 'string' && isUtf8(name) ? name.toString('utf8') : null;
        const childAbs = text !== null ? childText(abs as string, text) : childPath(abs, name);
        const childRel = text !== null ? childText(rel as string, text) : childPath(rel, name);
        const relText = pathText(childRel);
        const absText = pathText(childAbs);
        if (excluded(relText)) {
          skipped.push({ ...skipSource(childAbs), reason: 'matches an exclude pattern', kind: 'excluded' });
          continue;
        }
        if (childAbs === hbFolder) {
          skipped.push({ ...skipSource(childAbs), reason: 'the HotBackup folder itself', kind: 'own' });
          continue;
        }
        if (childAbs === cfg) {
          skipped.push(settingsSkip(childAbs));
          continue;
        }
        let st;
        try {
          st = lstatSync(childAbs);
        } catch (err) {
          if (errCode(err) === 'ENOENT') {
            skipped.push({ ...skipSource(childAbs), reason: 'deleted while the backup listed it; not in this backup', kind: 'vanished' });
            continue;
          }
          if (opts.failOnUnreadable) throw new UnreadableError(absText, errnoWords(err));
          skipped.push({ ...skipSource(childAbs), reason: `cannot be read (${errnoWords(err)}); not in this backup`, kind: 'unreadable' });
          continue;
        }
        if (hbStat && st.isDirectory() && st.dev === hbStat.dev && st.ino === hbStat.ino) {
          skipped.push({ ...skipSource(childAbs), reason: 'the HotBackup folder itself', kind: 'own' });
          continue;
        }
        if (isSettingsFolder(st)) {
          skipped.push(settingsSkip(childAbs));
          continue;
        }
        // One object per entry (no spreads: this runs once per file).
        const base: PlanEntry = { kind: 'file', dataDir: index, archivePath: `${top}/${relText}`, source: absText, size: 0, mode: st.mode & 0o7777, mtimeMs: st.mtimeMs, uid: st.uid, gid: st.gid };
        if (typeof childRel !== 'string') {
          base.archiveBytes = Buffer.concat([topBytes, Buffer.from('/'), childRel]);
          base.sourcePath = childAbs as Buffer;
        }
        if (st.isSymbolicLink()) {
          let link: Buffer;
          try {
            link = readlinkSync(childAbs, { encoding: 'buffer' });
          } catch (err) {
            skipped.push({ ...skipSource(childAbs), reason: `link deleted or unreadable while the backup listed it (${errnoWords(err)}); not in this backup`, kind: errCode(err) === 'ENOENT' ? 'vanished' : 'unreadable' });
            continue;
          }
          base.kind = 'symlink';
          base.linkTarget = link.toString('utf8');
          if (!isUtf8(link)) base.linkBytes = link;
          here.push(base);
        } else if (st.isDirectory()) {
          base.kind = 'directory';
          here.push(base);
          subdirs.push([childAbs, childRel]);
        } else if (st.isFile()) {
          const isDb = mayBeDatabase(st.size, journaled?.has(name.toString('latin1')) === true) && isSqliteHeader(readFirst16(childAbs));
          const entry = base;
          entry.kind = isDb ? 'sqlite' : 'file';
          entry.size = st.size;
          if (isDb) entry.identity = `${st.dev}:${st.ino}`;
          if (!isDb && st.nlink > 1) {
            const inode = `${st.dev}:${st.ino}`;
            const first = firstName.get(inode);
            entry.inode = inode;
            if (first) Object.assign(entry, { hardlink: true, linkTarget: first.archivePath, ...(first.archiveBytes ? { linkBytes: first.archiveBytes } : {}) });
            else firstName.set(inode, entry);
          }
          // Holes: fewer blocks allocated than the size needs (VM disks, preallocated files).
          if (!isDb && !entry.hardlink && st.size >= SPARSE_MIN && st.blocks * 512 < st.size - SPARSE_MIN / 2) entry.sparse = true;
          here.push(entry);
          filesFound++;
        } else {
          skipped.push({ ...skipSource(childAbs), reason: 'not a regular file, folder or symlink (socket, pipe or device)', kind: 'special' });
        }
        opts.onFile?.(filesFound, absText);
      }
      for (const e of attachCompanions(here, skipped)) add(e);
      for (const [childAbs, childRel] of subdirs) await walkDir(childAbs, childRel);
    };
    await walkDir(root, '');
    for (const pattern of excluded.unmatched()) unmatchedExcludes.push({ dataDir: index, pattern });
  }
  return { dataDirectories: opts.dataDirectories.map((d, i) => ({ ...(d.id ? { id: d.id } : {}), path: resolve(d.path), label: d.label, top: tops[i] as string })), entries, totals, skipped, unmatchedExcludes };
}

/** Fold `x-wal`, `x-journal` into database `x`, and skip `x-shm`, when `x` is a database in the same folder. */
function attachCompanions(here: PlanEntry[], skipped: Plan['skipped']): PlanEntry[] {
  if (!here.some((e) => e.kind === 'sqlite')) return here;
  const dbs = new Map(here.filter((e) => e.kind === 'sqlite').map((e) => [e.source, e]));
  return here.filter((e) => {
    if (e.kind !== 'file') return true;
    const c = sqliteCompanionBase(e.source);
    const db = c && dbs.get(c.base);
    if (!c || !db) return true;
    if (c.kind === 'shm') skipped.push({ source: e.source, ...(e.sourcePath ? { sourceBytes: e.sourcePath } : {}), reason: 'SQLite shared-memory index (rebuilt by SQLite)', kind: 'own' });
    else (db.companions ??= []).push(e.source);
    return false;
  });
}
