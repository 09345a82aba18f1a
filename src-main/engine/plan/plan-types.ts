import type { EntryTable } from './entry-table.js';

export type EntryKind = 'file' | 'sqlite' | 'directory' | 'symlink';

export interface PlanEntry {
  kind: EntryKind;
  /** Index into Plan.dataDirectories. */
  dataDir: number;
  /** Path inside the tar: `<top folder>/<relative path>`, '/'-separated. */
  archivePath: string;
  /** The exact bytes of `archivePath` when they are not UTF-8 (`archivePath` then shows U+FFFD). */
  archiveBytes?: Buffer;
  /** Absolute path on disk, as text (for people and logs). */
  source: string;
  /** The exact path on disk when it is not UTF-8; open files by `sourcePath ?? source`. */
  sourcePath?: Buffer;
  /** Bytes at planning time (files and databases; 0 otherwise). */
  size: number;
  /** Permission bits only (no file-type bits). */
  mode: number;
  mtimeMs: number;
  /** Symlinks: the link text, stored as is and never followed. Hard links: the archive path of the first name. */
  linkTarget?: string;
  /** Exact bytes of `linkTarget` when they are not UTF-8. */
  linkBytes?: Buffer;
  /** A second (third, …) name of a file already planned: stored as a tar hard link to `linkTarget`. */
  hardlink?: boolean;
  /** Files with more than one name: `dev:ino`, the same for every name. */
  inode?: string;
  /** Databases: `dev:ino` at the walk's lstat; the snapshot opens by path, and holds only the same file (lock-files.ts). */
  identity?: string;
  /** Takes less disk than its size (holes): captured and stored sparse. */
  sparse?: boolean;
  uid: number;
  gid: number;
  /** Databases: the -wal / -journal files whose committed content the snapshot copy holds. */
  companions?: string[];
}

export interface PlannedDataDirectory {
  /** The data directory's stable ID from the settings, when it has one. */
  id?: string;
  path: string;
  label: string;
  top: string;
}

export interface PlanTotals {
  files: number;
  sqlite: number;
  directories: number;
  symlinks: number;
  /** Bytes of files and databases. */
  bytes: number;
}

export interface Plan {
  dataDirectories: PlannedDataDirectory[];
  /** Kept compact (entry-table.ts): a million files take tens of megabytes. */
  entries: EntryTable;
  totals: PlanTotals;
  /** Things found but not backed up, with why (e.g. sockets, -shm files, the HotBackup folder). */
  skipped: SkippedEntry[];
  /** Exclude patterns that matched nothing in the walk (they excluded nothing), by data directory. */
  unmatchedExcludes?: { dataDir: number; pattern: string }[];
}

/**
 * Why something found was not backed up. `excluded` (exclude patterns) and `own` (the HotBackup
 * folder, SQLite's -shm index) are choices; `vanished`, `unreadable` and `special` are counted as skipped.
 */
export type SkipKind = 'excluded' | 'own' | 'vanished' | 'unreadable' | 'special';
export interface SkippedEntry {
  source: string;
  /** The exact bytes of `source` when they are not UTF-8. */
  sourceBytes?: Buffer;
  reason: string;
  kind?: SkipKind;
}

export const noTotals = (): PlanTotals => ({ files: 0, sqlite: 0, directories: 0, symlinks: 0, bytes: 0 });

/** Count one entry into `t`. */
export function addToTotals(t: PlanTotals, e: Pick<PlanEntry, 'kind' | 'hardlink' | 'size'>): void {
  if (e.kind === 'file') t.files++;
  else if (e.kind === 'sqlite') t.sqlite++;
  else if (e.kind === 'directory') t.directories++;
  else t.symlinks++;
  if ((e.kind === 'file' || e.kind === 'sqlite') && !e.hardlink) t.bytes += e.size;
}

export function planTotals(entries: Iterable<PlanEntry>): PlanTotals {
  const t = noTotals();
  for (const e of entries) addToTotals(t, e);
  return t;
}

/** Captured bytes: in memory, or in a staging file (at `offset` when several share one spill file). */
export type CapturedContent =
  | { kind: 'memory'; data: Buffer }
  /** `sparse`: the staging file holds only the data segments, [offset in the file, length] each, back to back. */
  | { kind: 'file'; path: string; offset?: number; sparse?: [number, number][] };
