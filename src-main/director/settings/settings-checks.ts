import { access, constants, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { duplicateLabelProblems } from '../../../shared/data-directory-checks.js';
import { emailSettingsProblems } from '../../../shared/notify.js';
import { timeZoneProblem } from '../../../shared/time-zone.js';
import { isSameOrInside } from '../../../shared/paths.js';
import { probeHotBackupFolder, realPathOf } from '../../engine/index.js';
import { restoreFolderProblem } from './restore-folder.js';
import { HotBackupError } from '../../../shared/result.js';
import type { Settings } from '../../../shared/settings.js';

/** The path's status, or null when nothing is there (also when a part of its path is a file). */
async function statOrNull(p: string) {
  try {
    return await stat(p);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw err;
  }
}

/**
 * The HotBackup folder must be a writable folder, or creatable below a writable one, on a real
 * filesystem, and answer a probe write in time (checked in a child process: folder-probe.ts).
 */
export async function hotBackupFolderProblem(folder: string): Promise<string | null> {
  const probe = await probeHotBackupFolder(folder, { create: false });
  if (!probe.ok && probe.kind !== 'error') return probe.message;
  return basicFolderProblem(folder);
}

async function basicFolderProblem(folder: string): Promise<string | null> {
  let probe = resolve(folder);
  let st = await statOrNull(probe);
  if (st && !st.isDirectory()) return `"${folder}" exists but is not a folder: choose a folder path`;
  while (!st) {
    const parent = dirname(probe);
    if (parent === probe) return `"${folder}" has no existing parent folder`;
    probe = parent;
    st = await statOrNull(probe);
    if (st && !st.isDirectory()) return `"${probe}" is a file, so "${folder}" cannot be created below it`;
  }
  try {
    await access(probe, constants.W_OK);
  } catch {
    return probe === resolve(folder)
      ? `"${folder}" is not writable by this user: grant write access or choose another folder`
      : `"${folder}" does not exist and cannot be created, because "${probe}" is not writable`;
  }
  return null;
}

/** A data directory must be an existing, readable local folder that is not the HotBackup folder. */
export async function dataDirectoryProblem(dir: string, hotBackupFolder: string): Promise<string | null> {
  // On real paths: a data directory given through `..` or a link is judged by where it leads.
  if (isSameOrInside(dir, hotBackupFolder) || isSameOrInside(await realPathOf(dir), await realPathOf(hotBackupFolder))) {
    return `"${dir}" is the HotBackup folder or lies inside it: backups cannot back up themselves; choose the folder with your data`;
  }
  const st = await statOrNull(dir);
  if (!st) return `"${dir}" does not exist: check the path or create the folder first`;
  if (!st.isDirectory()) return `"${dir}" is a file, not a folder`;
  try {
    await access(dir, constants.R_OK | constants.X_OK);
  } catch {
    return `"${dir}" is not readable by this user: grant read access to the account HotBackup runs as`;
  }
  return null;
}

/** Whether two paths are one folder by inode: a bind mount is an alias no link resolution sees. */
async function sameFolder(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([stat(a).catch(() => null), stat(b).catch(() => null)]);
  return x !== null && y !== null && x.isDirectory() && x.dev === y.dev && x.ino === y.ino;
}

/**
 * A data directory must not be or contain the folder holding settings.json, the users
 * and the secret key: backups would carry the keys next to the data they protect.
 */
export async function configFolderProblem(dir: string, configDir: string): Promise<string | null> {
  const [realDir, realConfig] = await Promise.all([realPathOf(dir), realPathOf(configDir)]);
  // A folder inside the settings folder takes nothing of it into a backup: only the settings folder
  // itself or a folder holding it would.
  if (!isSameOrInside(configDir, dir) && !isSameOrInside(realConfig, realDir) && !(await sameFolder(dir, configDir))) return null;
  return `"${dir}" is or contains HotBackup's settings folder "${configDir}" (settings, users and the secret key would go into backups): choose the folder with your data only`;
}

/**
 * One data directory inside another would be backed up twice (and restored over itself).
 * Only pairs involving a newly added path are refused, so an old hand-edited file can still be changed.
 */
export function nestedDataDirectoryProblems(paths: readonly string[], existing: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  paths.forEach((inner, i) =>
    paths.forEach((outer) => {
      if (inner === outer || !isSameOrInside(inner, outer) || (existing.has(inner) && existing.has(outer))) return;
      problems.push(`dataDirectories.${i}.path: "${inner}" lies inside the data directory "${outer}", which already backs it up: remove one of them`);
    }),
  );
  return problems;
}

/** The problems of a settings change for `restore.folder` (checked when it, the HotBackup folder or the data directories change). */
export async function restoreSettingsProblems(next: Settings, previous: Settings): Promise<string[]> {
  const folder = next.restore.folder;
  if (folder === null) return [];
  const touched =
    folder !== previous.restore.folder || next.folder.path !== previous.folder.path || JSON.stringify(next.dataDirectories.map((d) => d.path)) !== JSON.stringify(previous.dataDirectories.map((d) => d.path));
  if (!touched) return [];
  const p = (await restoreFolderProblem(folder, next)) ?? (await hotBackupFolderProblem(folder));
  return p ? [`restore.folder: ${p}`] : [];
}

/** Disk checks for what a settings change touches; paths unchanged since last save are not re-checked. */
export async function checkSettingsOnDisk(next: Settings, previous: Settings, configDir?: string): Promise<void> {
  const problems: string[] = emailSettingsProblems(next.email);
  const folderChanged = next.folder.path !== previous.folder.path;
  if (folderChanged) {
    const p = await hotBackupFolderProblem(next.folder.path);
    if (p) problems.push(`folder.path: ${p}`);
  }
  const before = new Set(previous.dataDirectories.map((d) => d.path));
  for (const [i, d] of next.dataDirectories.entries()) {
    if (!folderChanged && before.has(d.path)) continue;
    const p = await dataDirectoryProblem(d.path, next.folder.path);
    if (p) problems.push(`dataDirectories.${i}.path: ${p}`);
  }
  // Only a newly added path is refused: a file that already lists the settings folder still loads (the overview warns).
  if (configDir !== undefined) {
    for (const [i, d] of next.dataDirectories.entries()) {
      if (before.has(d.path)) continue;
      const p = await configFolderProblem(d.path, configDir);
      if (p && !problems.some((q) => q.startsWith(`dataDirectories.${i}.path: `))) problems.push(`dataDirectories.${i}.path: ${p}`);
    }
  }
  const seen = new Set<string>();
  for (const [i, d] of next.dataDirectories.entries()) {
    if (seen.has(d.path)) problems.push(`dataDirectories.${i}.path: "${d.path}" is listed twice`);
    seen.add(d.path);
  }
  problems.push(...nestedDataDirectoryProblems(next.dataDirectories.map((d) => d.path), before));
  // The same on real paths (two spellings of one folder, one reached through a link), once per pair.
  const real = await Promise.all(next.dataDirectories.map((d) => realPathOf(d.path)));
  for (const p of nestedDataDirectoryProblems(real, new Set(next.dataDirectories.flatMap((d, i) => (before.has(d.path) ? [real[i] as string] : []))))) {
    const i = Number(/^dataDirectories\.(\d+)\./.exec(p)?.[1]);
    const msg = `dataDirectories.${i}.path: "${next.dataDirectories[i]?.path}" leads to ${real[i]}, inside another data directory, which already backs it up: remove one of them`;
    if (!problems.some((q) => q.startsWith(`dataDirectories.${i}.path: `))) problems.push(msg);
  }
  // Like nesting: only a label made duplicate by this change is refused, so an old file can still be edited.
  const duplicatedBefore = new Set(duplicateLabelProblems(previous.dataDirectories).map((p) => p.replace(/^dataDirectories\.\d+\./, '')));
  problems.push(...duplicateLabelProblems(next.dataDirectories).filter((p) => !duplicatedBefore.has(p.replace(/^dataDirectories\.\d+\./, ''))));
  const zone = next.schedule.timeZone;
  if (zone !== null && zone !== previous.schedule.timeZone) {
    const p = timeZoneProblem(zone);
    if (p) problems.push(`schedule.timeZone: ${p}`);
  }
  problems.push(...(await restoreSettingsProblems(next, previous)));
  if (problems.length) throw new HotBackupError('BAD_INPUT', `Settings not saved: ${problems.join('; ')}`);
}
