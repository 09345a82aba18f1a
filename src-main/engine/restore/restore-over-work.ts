import { createReadStream } from 'node:fs';
import { lchown, lstat, mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { dirname, join, parse } from 'node:path';
import { isSameOrInside } from '../../../shared/paths.js';
import { fsyncDir, writeFileAtomic } from '../../base/atomic-write.js';
import { nearestExisting } from '../../base/nearest-existing.js';
import { removeTree } from '../fs/remove-tree.js';

// The crash-safe half of restore-over. Nothing is ever written into a data directory except by
// rename: the backup is unpacked into a work folder outside every data directory (on the same
// drive, so renames are atomic), the list of items to put back is written down, and then each
// item's current version is renamed aside into the work folder before the restored one is renamed
// in. A journal in the config directory names the work folders until the end, so a crash at any
// point is rolled back at the next start: the data directory returns to how it was before.

export const JOURNAL_FILE = 'restore-over.journal.json';
/** The private copy of the backup's signed MANIFEST.json a restore-over reads (restore-over.ts); a killed restore's is removed at the next start. */
const MANIFEST_COPY = 'restore-over.MANIFEST.json';
export const manifestCopyPath = (configDir: string) => join(configDir, MANIFEST_COPY);
const PLAN_FILE = 'plan.json';
const SIDECARS = ['-wal', '-shm', '-journal'];

export interface WorkDir {
  dataDir: string;
  top: string;
  /** <work root>/<backup ID>-<time>-<directory ID> */
  work: string;
}

export interface Journal {
  backupId: string;
  startedAt: string;
  dirs: WorkDir[];
}

export const restoredRoot = (w: WorkDir) => join(w.work, 'restored');
const stagedOf = (w: WorkDir, rel: string) => join(w.work, 'restored', w.top, ...rel.split('/'));
const asideOf = (w: WorkDir, rel: string) => join(w.work, 'originals', ...rel.split('/'));
const destOf = (w: WorkDir, rel: string) => join(w.dataDir, ...rel.split('/'));
const exists = (p: string) => lstat(p).then(() => true, () => false);

/** The nearest folder at or above `p` that exists (a work root is made when first used). */
const existingFolder = async (p: string): Promise<string> => (await nearestExisting(p))?.dir ?? parse(p).root;

/**
 * A work root on the data directory's drive and outside every data directory: the config
 * directory's `restore-work`, else `.hotbackup-restore-work` beside the data directory.
 */
export async function chooseWorkRoot(configDir: string, dataDir: string, allDataDirs: readonly string[]): Promise<string | null> {
  const dev = (await stat(await existingFolder(dataDir))).dev;
  const candidates = [join(configDir, 'restore-work'), join(dirname(dataDir), '.hotbackup-restore-work')];
  for (const c of candidates) {
    if (allDataDirs.some((d) => isSameOrInside(c, d))) continue;
    const s = await stat(await existingFolder(c)).catch(() => null);
    if (s && s.dev === dev) return c;
  }
  return null;
}

export async function writeJournal(configDir: string, j: Journal): Promise<void> {
  await writeFileAtomic(join(configDir, JOURNAL_FILE), JSON.stringify(j, null, 2) + '\n', 0o600);
}

export async function clearJournal(configDir: string, j: Journal): Promise<void> {
  for (const w of j.dirs) await removeTree(w.work);
  await rm(join(configDir, JOURNAL_FILE), { force: true });
}

/**
 * The items to put back: a folder present on both sides is entered, anything else moves whole.
 * Written to the work folder's plan, one JSON string a line, as they are found (a million files
 * restored over a million are never held as a list); the plan is complete on disk (renamed into
 * place after fsync) before the first item moves. Returns how many there are.
 */
export async function listItems(w: WorkDir, keep?: { folder: { dev: number; ino: number } | null; left: string[] }): Promise<number> {
  const tmp = join(w.work, `${PLAN_FILE}.tmp`);
  const out = await open(tmp, 'w', 0o600);
  let pending: string[] = [];
  let pendingChars = 0;
  let count = 0;
  const flush = async () => {
    if (pending.length) await out.write(pending.join(''));
    pending = [];
    pendingChars = 0;
  };
  const walk = async (rel: string): Promise<void> => {
    const s = await lstat(stagedOf(w, rel));
    const d = await lstat(destOf(w, rel)).catch(() => null);
    // HotBackup's settings folder inside the data directory (an older backup may hold a copy of it) is left as it is.
    if (keep?.folder && d?.isDirectory() && d.dev === keep.folder.dev && d.ino === keep.folder.ino) {
      keep.left.push(rel);
      return;
    }
    if (s.isDirectory() && d?.isDirectory()) {
      for (const name of (await readdir(stagedOf(w, rel))).sort()) await walk(rel ? `${rel}/${name}` : name);
      return;
    }
    const line = JSON.stringify(rel) + '\n';
    pending.push(line);
    pendingChars += line.length;
    count++;
    if (pendingChars >= 64 * 1024) await flush();
  };
  try {
    if (await exists(join(w.work, 'restored', w.top))) {
      for (const name of (await readdir(join(w.work, 'restored', w.top))).sort()) await walk(name);
    }
    await flush();
    await out.sync();
  } finally {
    await out.close();
  }
  await rename(tmp, join(w.work, PLAN_FILE));
  await fsyncDir(w.work);
  return count;
}

/** The plan's items, in order, read a line at a time (a plan written as one JSON array, before, is read whole). */
async function* planItems(w: WorkDir): AsyncGenerator<string> {
  const file = join(w.work, PLAN_FILE);
  const first = await open(file, 'r').then(
    async (h) => {
      try {
        const b = Buffer.alloc(1);
        return (await h.read(b, 0, 1, 0)).bytesRead ? String.fromCharCode(b[0] as number) : '';
      } finally {
        await h.close();
      }
    },
    () => null,
  );
  if (first === null) return;
  if (first === '[') {
    yield* JSON.parse(await readFile(file, 'utf8')) as string[];
    return;
  }
  for await (const line of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
    if (line !== '') yield JSON.parse(line) as string;
  }
}

export interface MoveOptions {
  /** Archive-relative paths (under the top folder) of databases: their stale sidecars are set aside. */
  databases: ReadonlySet<string>;
  /** Between items (a test kills the process here). */
  onItem?(rel: string): Promise<void> | void;
}

/** Put each item of the plan (listItems) in place; returns the sidecars set aside. */
export async function moveItems(w: WorkDir, o: MoveOptions): Promise<string[]> {
  const setAside: string[] = [];
  for await (const rel of planItems(w)) {
    const dest = destOf(w, rel);
    const aside = asideOf(w, rel);
    await mkdir(dirname(aside), { recursive: true, mode: 0o700 });
    if (o.databases.has(rel)) {
      // A stale WAL or journal next to a restored database would be replayed into it.
      for (const suffix of SIDECARS) {
        if (await exists(dest + suffix)) {
          await rename(dest + suffix, aside + suffix);
          setAside.push(dest + suffix);
        }
      }
    }
    const before = await lstat(dest).catch(() => null);
    // A replaced item keeps its owner and group (the office program's account), set before it
    // appears; a new one already has its recorded owner (restoreBackup, as root).
    if (before && process.getuid?.() === 0) await lchown(stagedOf(w, rel), before.uid, before.gid);
    if (before) await rename(dest, aside);
    await rename(stagedOf(w, rel), dest);
    await o.onItem?.(rel);
  }
  return setAside;
}

/**
 * Undo an interrupted restore-over from its journal: every item whose restored version was moved
 * in is taken out again and the version set aside goes back. Returns what it did, in words.
 */
export async function rollBackRestoreOver(configDir: string): Promise<string[]> {
  await rm(manifestCopyPath(configDir), { force: true });
  const text = await readFile(join(configDir, JOURNAL_FILE), 'utf8').catch(() => null);
  if (text === null) return [];
  const j = JSON.parse(text) as Journal;
  const done: string[] = [];
  for (const w of j.dirs) {
    // Undone newest first: the plan is held here (a rare start after a crash, not every restore).
    const items: string[] = [];
    for await (const rel of planItems(w)) items.push(rel);
    let undone = 0;
    for (const rel of items.reverse()) {
      const dest = destOf(w, rel);
      const aside = asideOf(w, rel);
      if (!(await exists(stagedOf(w, rel))) && (await exists(dest))) {
        await removeTree(dest);
        undone++;
      }
      if (await exists(aside)) {
        await rename(aside, dest);
        undone++;
      }
      for (const suffix of SIDECARS) {
        if (await exists(aside + suffix)) {
          await rm(dest + suffix, { force: true });
          await rename(aside + suffix, dest + suffix);
        }
      }
    }
    done.push(`${w.dataDir}: ${undone ? `${undone} change(s) undone` : 'nothing had been changed yet'}`);
  }
  await clearJournal(configDir, j);
  return done;
}
