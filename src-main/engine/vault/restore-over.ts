import { lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { HotBackupError } from '../../../shared/result.js';
import type { RestoreOverSummary } from '../../../shared/vault-browse.js';
import type { Manifest } from '../manifest/manifest.js';
import { readBackupManifest } from './manifest-listing.js';
import { restoreBackup, type RestoreOptions } from './restore-backup.js';

// Restore over live data: each data directory gets back the files the backup holds for it.
// The archive is first unpacked (and checked) into a staging folder inside that directory,
// then each item is renamed into place, so nothing is written outside the data directory,
// and a damaged archive changes nothing. Files the backup does not hold are left alone.

const SIDECARS = ['-wal', '-shm', '-journal'];

/** The archive-path globs (anchored with a leading '/') that select `paths` under `top`; null = none. */
export function globsForTop(top: string, paths: readonly string[]): string[] | null {
  if (paths.length === 0) return [`/${top}`];
  const mine = paths.filter((p) => p === top || p.startsWith(`${top}/`));
  return mine.length > 0 ? mine.map((p) => `/${p}`) : null;
}

interface MoveStats {
  files: number;
  removedSidecars: string[];
}

/** Move `src` (inside staging) over `dest`; a link or a file of another kind at `dest` is replaced, never followed. */
async function moveInto(src: string, dest: string, dbPaths: ReadonlySet<string>, stats: MoveStats): Promise<void> {
  const s = await lstat(src);
  const d = await lstat(dest).catch(() => null);
  if (s.isDirectory() && d?.isDirectory()) {
    for (const name of await readdir(src)) await moveInto(join(src, name), join(dest, name), dbPaths, stats);
    return;
  }
  if (d) await rm(dest, { recursive: true, force: true });
  if (dbPaths.has(src)) {
    // A stale WAL or journal next to a restored database would be replayed into it: remove it.
    for (const suffix of SIDECARS) {
      const side = `${dest}${suffix}`;
      if (await lstat(side).catch(() => null)) {
        await rm(side, { force: true });
        stats.removedSidecars.push(side);
      }
    }
  }
  await rename(src, dest);
  stats.files += s.isDirectory() ? 0 : 1;
}

/**
 * Put a backup's files (all, or the archive paths in `paths`) back into the data directories
 * they came from. The caller runs this as an exclusive task, after the red light.
 */
export async function restoreOver(
  hotBackupFolder: string,
  req: { id: string; paths?: readonly string[] },
  opts: RestoreOptions & { clock?: () => Date } = {},
): Promise<RestoreOverSummary> {
  const { manifest } = await readBackupManifest(hotBackupFolder, req.id);
  const paths = req.paths ?? [];
  const plan = manifest.dataDirectories
    .map((d) => ({ dir: d, globs: globsForTop(d.top, paths) }))
    .filter((p): p is { dir: Manifest['dataDirectories'][number]; globs: string[] } => p.globs !== null);
  if (plan.length === 0) {
    throw new HotBackupError('BAD_INPUT', `None of ${paths.map((p) => `"${p}"`).join(', ')} is in backup ${req.id}: choose paths from its file list.`);
  }
  const stamp = (opts.clock ?? (() => new Date()))().getTime();
  const summary: RestoreOverSummary = { id: req.id, directories: [], files: 0, bytes: 0, removedSidecars: [] };
  for (const { dir, globs } of plan) {
    await mkdir(dir.path, { recursive: true });
    const staging = join(dir.path, `.hotbackup-restore-${req.id}-${stamp}`);
    const restored = await restoreBackup(hotBackupFolder, { id: req.id, to: staging, paths: globs }, opts);
    const stagedTop = join(staging, dir.top);
    const dbPaths = new Set(
      manifest.entries.filter((e) => e.kind === 'sqlite' && (e.path === dir.top || e.path.startsWith(`${dir.top}/`))).map((e) => join(staging, e.path)),
    );
    const stats: MoveStats = { files: 0, removedSidecars: [] };
    try {
      if (await lstat(stagedTop).catch(() => null)) {
        for (const name of await readdir(stagedTop)) await moveInto(join(stagedTop, name), join(dir.path, name), dbPaths, stats);
      }
    } catch (err) {
      throw new HotBackupError(
        'IO_ERROR',
        `Restoring backup ${req.id} over ${dir.path} stopped after ${stats.files} file(s): ${(err as Error).message}. The files not yet moved are in ${staging}.`,
      );
    }
    await rm(staging, { recursive: true, force: true });
    summary.directories.push({ path: dir.path, top: dir.top, files: restored.files, bytes: restored.bytes });
    summary.files += restored.files;
    summary.bytes += restored.bytes;
    summary.removedSidecars.push(...stats.removedSidecars);
  }
  return summary;
}
