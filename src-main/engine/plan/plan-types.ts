export type EntryKind = 'file' | 'sqlite' | 'directory' | 'symlink';

export interface PlanEntry {
  kind: EntryKind;
  /** Index into Plan.dataDirectories. */
  dataDir: number;
  /** Path inside the tar: `<top folder>/<relative path>`, '/'-separated. */
  archivePath: string;
  /** Absolute path on disk. */
  source: string;
  /** Bytes at planning time (files and databases; 0 otherwise). */
  size: number;
  /** Permission bits only (no file-type bits). */
  mode: number;
  mtimeMs: number;
  /** Symlinks: the link text, stored as is and never followed. */
  linkTarget?: string;
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
  entries: PlanEntry[];
  totals: PlanTotals;
  /** Things found but not backed up, with why (e.g. sockets, -shm files, the HotBackup folder). */
  skipped: { source: string; reason: string }[];
}

export function planTotals(entries: readonly PlanEntry[]): PlanTotals {
  const t: PlanTotals = { files: 0, sqlite: 0, directories: 0, symlinks: 0, bytes: 0 };
  for (const e of entries) {
    if (e.kind === 'file') t.files++;
    else if (e.kind === 'sqlite') t.sqlite++;
    else if (e.kind === 'directory') t.directories++;
    else t.symlinks++;
    if (e.kind === 'file' || e.kind === 'sqlite') t.bytes += e.size;
  }
  return t;
}
