import { lstat, mkdir, rmdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isSameOrInside } from '../../../shared/paths.js';
import { HotBackupError } from '../../../shared/result.js';
import type { Settings } from '../../../shared/settings.js';
import { realPathOf } from '../../engine/index.js';
import { formatLocalIso } from '../../base/local-iso.js';

// The restore folder: where an `operator` restores, each time into a new folder the Director
// names (`<ID>-<time>`), so no client ever chooses a server path. The folder must be its own
// real path (no `..`, no link on the way): checked when an admin sets it and again at every
// restore, so a link put in its place later cannot send a restore into the HotBackup folder,
// a data directory or anywhere else.

const trimmed = (p: string) => (p.length > 1 ? p.replace(/[\\/]+$/, '') : p);

/** Why `folder` cannot be the restore folder (given the HotBackup folder and data directories), or null. */
export async function restoreFolderProblem(folder: string, s: Pick<Settings, 'folder' | 'dataDirectories'>): Promise<string | null> {
  const real = await realPathOf(folder);
  if (real !== trimmed(folder)) {
    return `"${folder}" leads to ${real} (through ".." or a link): set the real path ${real}, so a link changed later cannot send restores elsewhere`;
  }
  const [hb] = [await realPathOf(s.folder.path)];
  if (isSameOrInside(real, hb) || isSameOrInside(hb, real)) {
    return `"${folder}" overlaps the HotBackup folder ${s.folder.path}: choose a folder outside it that does not hold it`;
  }
  for (const d of s.dataDirectories) {
    const dir = await realPathOf(d.path);
    if (isSameOrInside(real, dir) || isSameOrInside(dir, real)) {
      return `"${folder}" overlaps the data directory ${d.path}: restored files would be backed up or mixed with live data; choose a folder outside every data directory`;
    }
  }
  return null;
}

const stamp = (now: Date) => formatLocalIso(now).slice(0, 19).replace(/[-:]/g, '').replace('T', '-');

/**
 * Make a new, uniquely named folder for a restore of backup `id` in the configured restore
 * folder, after checking that folder again. `mkdir` without `recursive` never follows a link
 * already standing at the new name: that name is taken and the next one is tried.
 */
export async function newRestoreTarget(s: Settings, id: string, now: Date): Promise<string> {
  const folder = s.restore.folder;
  if (folder === null) {
    throw new HotBackupError(
      'BAD_INPUT',
      'No restore folder is set, so an operator cannot restore yet: an admin sets one in the console (HotBackup folder tab, "Restore folder") or with "hotbackup settings set restore.folder /srv/HotBackup-restores".',
    );
  }
  const problem = await restoreFolderProblem(folder, s);
  if (problem) throw new HotBackupError('BAD_INPUT', `The restore folder cannot be used: ${problem}. Nothing was restored; an admin corrects "restore.folder".`);
  await mkdir(folder, { recursive: true });
  const st = await lstat(folder);
  if (!st.isDirectory()) throw new HotBackupError('BAD_INPUT', `The restore folder "${folder}" is not a folder: an admin sets "restore.folder" to a folder.`);
  const base = `${id}-${stamp(now)}`;
  for (let n = 1; n <= 100; n++) {
    const target = join(resolve(folder), n === 1 ? base : `${base}-${n}`);
    try {
      await mkdir(target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      continue;
    }
    // The folder swapped for a link between the check and mkdir: the new folder is elsewhere.
    if ((await realPathOf(target)) !== target) {
      await rmdir(target).catch(() => undefined);
      throw new HotBackupError('BAD_INPUT', `The restore folder "${folder}" changed while the restore began (it now leads elsewhere through a link). Nothing was restored; an admin checks "restore.folder".`);
    }
    return target;
  }
  throw new HotBackupError('BAD_INPUT', `The restore folder "${folder}" already holds ${base} to ${base}-100: remove old restores from it.`);
}
