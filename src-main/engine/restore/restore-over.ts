import { lstat, mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isSameOrInside } from '../../../shared/paths.js';
import { HotBackupError } from '../../../shared/result.js';
import { causeWords } from '../errors.js';
import type { DataDirectory } from '../../../shared/settings.js';
import type { RestoreOverSummary } from '../../../shared/restore-wizard.js';
import { checkManifestDigest, MANIFEST_SIG_NAME, signatureProblem } from '../manifest/manifest-signature.js';
import type { ManifestEntry, ManifestHead } from '../manifest/manifest.js';
import { Pacer } from '../plan/glob-match.js';
import { readOwnFile } from '../../base/no-follow.js';
import { copySignedManifest, openBackupManifest } from './manifest-listing.js';
import { probeOpenDatabase, type ProbeDeps } from './open-database-probe.js';
import { recordRestore, restoreBackup, type RestoreOptions } from './restore-backup.js';
import { matchRefusal, matchRestoreOver, type OverTarget } from './restore-over-match.js';
import { chooseWorkRoot, clearJournal, listItems, manifestCopyPath, moveItems, restoredRoot, rollBackRestoreOver, writeJournal, type Journal, type WorkDir } from './restore-over-work.js';

export { globsForTop } from './restore-over-match.js';
export { rollBackRestoreOver } from './restore-over-work.js';

// Restore over live data: each configured data directory gets back the files the backup holds
// for it. Where to write comes from the settings alone (matched by data directory ID, in a
// backup signed by this installation). Files the backup does not hold are left alone.

export interface RestoreOverOptions extends RestoreOptions {
  /** Holds the manifest key and the restore-over journal; work folders go under it when on the same drive. */
  configDir: string;
  /** The data directories from the settings. */
  configured: readonly DataDirectory[];
  manifestKey: Uint8Array;
  probe?: ProbeDeps;
  /** Called after each item is put in place (tests stop the process here). */
  onItem?(rel: string): Promise<void> | void;
}

const refuse = (message: string) => new HotBackupError('BAD_INPUT', message);

/** Databases the restore would replace that a program holds open: refuse, naming each. */
async function refuseOpenDatabases(id: string, targets: readonly OverTarget[], dbRels: Map<string, Set<string>>, probe?: ProbeDeps): Promise<void> {
  const open: string[] = [];
  for (const t of targets) {
    for (const rel of dbRels.get(t.top) ?? []) {
      const path = join(t.path, ...rel.split('/'));
      const v = await probeOpenDatabase(path, probe);
      if (v.open === true) open.push(`"${path}": ${v.why}`);
    }
  }
  if (open.length > 0) {
    throw refuse(`Backup ${id} was not restored over live data, nothing was changed: ${open.join('; ')}. Close the program that uses it, then restore again.`);
  }
}

/**
 * Put a backup's files (all, or the archive paths in `paths`) back into the configured data
 * directories. The caller runs this as an exclusive task, after the red light.
 */
export async function restoreOver(hotBackupFolder: string, req: { id: string; paths?: readonly string[]; exact?: readonly string[] }, opts: RestoreOverOptions): Promise<RestoreOverSummary> {
  // The signed bytes are the bytes used: every read below is of this private copy (issue 16: and
  // never held whole, so memory stays flat however many files the backup holds).
  await mkdir(opts.configDir, { recursive: true, mode: 0o700 });
  const copy = manifestCopyPath(opts.configDir);
  try {
    return await restoreOverFrom(copy, hotBackupFolder, req, opts);
  } finally {
    await rm(copy, { force: true });
  }
}

/** The databases each top folder holds (paths under it): their sidecars are set aside, and an open one refuses the restore. */
async function databasesOf(hotBackupFolder: string, id: string, copy: string): Promise<{ head: ManifestHead; dbRels: Map<string, Set<string>> }> {
  const dbRels = new Map<string, Set<string>>();
  const note = (e: ManifestEntry) => {
    if (e.kind !== 'sqlite') return;
    const [top, ...rest] = e.path.split('/');
    if (!top || rest.length === 0) return;
    if (!dbRels.has(top)) dbRels.set(top, new Set());
    dbRels.get(top)?.add(rest.join('/'));
  };
  const { reader } = await openBackupManifest(hotBackupFolder, id, { pacer: new Pacer(), visit: note }, copy);
  try {
    // A small manifest laid out otherwise is parsed whole, without visiting.
    if (!reader.lineByLine) for (const e of reader.entries()) note(e);
    return { head: reader.head, dbRels };
  } finally {
    await reader.close();
  }
}

async function restoreOverFrom(copy: string, hotBackupFolder: string, req: { id: string; paths?: readonly string[]; exact?: readonly string[] }, opts: RestoreOverOptions): Promise<RestoreOverSummary> {
  const { dir, digest } = await copySignedManifest(hotBackupFolder, req.id, opts.manifestKey, copy);
  const sig = await readOwnFile(join(dir, MANIFEST_SIG_NAME)).catch(() => null);
  const verdict = checkManifestDigest(digest, sig);
  const unsigned = signatureProblem(verdict);
  // Refused before the copy is even parsed: nothing of an unsigned manifest is believed.
  if (unsigned) throw refuse(matchRefusal(req.id, unsigned));
  const { head, dbRels } = await databasesOf(hotBackupFolder, req.id, copy);
  const match = matchRestoreOver(req.id, head, verdict, opts.configured, req.paths ?? [], req.exact ?? []);
  if ('refused' in match) throw refuse(match.refused);
  const { targets } = match;
  await refuseOpenDatabases(req.id, targets, dbRels, opts.probe);

  const stamp = (opts.clock ?? (() => new Date()))().getTime();
  const journal: Journal = { backupId: req.id, startedAt: new Date(stamp).toISOString(), dirs: [] };
  for (const t of targets) {
    await mkdir(t.path, { recursive: true });
    const root = await chooseWorkRoot(opts.configDir, t.path, opts.configured.map((c) => c.path));
    if (!root) {
      throw refuse(`Backup ${req.id} cannot be restored over ${t.path}: there is no folder on the same drive outside the data directories for its work files (${opts.configDir} is on another drive and the folder beside it cannot be used). Restore into a new folder instead.`);
    }
    journal.dirs.push({ dataDir: t.path, top: t.top, work: join(root, `${req.id}-${stamp}-${t.id}`) });
  }
  await writeJournal(opts.configDir, journal);

  const summary: RestoreOverSummary = { id: req.id, directories: [], files: 0, bytes: 0, removedSidecars: [], notes: [] };
  // Unpack and check everything first: a damaged or unsafe archive changes nothing.
  const restored = [];
  try {
    for (const [i, t] of targets.entries()) {
      const w = journal.dirs[i] as WorkDir;
      const unpacked = async () => {
        await mkdir(w.work, { recursive: true, mode: 0o700 });
        // New files get their recorded owner, else the data directory's (never the work folder's root).
        const dirOwner = await lstat(t.path);
        return restoreBackup(hotBackupFolder, { id: req.id, to: restoredRoot(w), paths: t.globs, exact: t.exact }, { ...opts, record: false, marker: false, ownerFallback: { uid: dirOwner.uid, gid: dirOwner.gid }, manifestFile: copy, roomFor: t.path });
      };
      const r = await unpacked().catch((err: unknown) => {
        if (err instanceof HotBackupError) throw err;
        throw new HotBackupError('IO_ERROR', `Restoring backup ${req.id} over ${t.path} stopped before anything in it was changed${whereAndWhy(err)}.`);
      });
      if (r.failed.length > 0) {
        // Never put part of a damaged backup over live data: nothing is moved.
        const list = r.failed.slice(0, 5).map((f) => `"${f.path}" (${f.problem})`).join(', ');
        throw new HotBackupError('IO_ERROR', `Backup ${req.id} is damaged: ${r.failed.length} entr${r.failed.length === 1 ? 'y' : 'ies'} cannot be read (${list}). Nothing in ${t.path} was changed; restore into an empty folder to get the intact files.`);
      }
      restored.push(r);
    }
  } catch (err) {
    await clearJournal(opts.configDir, journal);
    throw err;
  }
  const settingsFolder = await stat(opts.configDir).catch(() => null);
  for (const [i, t] of targets.entries()) {
    const w = journal.dirs[i] as WorkDir;
    const left: string[] = [];
    await listItems(w, { folder: settingsFolder, left });
    for (const rel of left) {
      (summary.notes ??= []).push(`${join(t.path, rel)}: HotBackup's settings folder, left as it is (settings, users and keys are never restored over; the backup's copy of them was not used)`);
    }
    try {
      const aside = await moveItems(w, { databases: dbRels.get(t.top) ?? new Set(), onItem: opts.onItem });
      summary.removedSidecars.push(...aside);
    } catch (err) {
      const undone = await rollBackRestoreOver(opts.configDir).then(
        () => 'Every data directory was put back as it was before the restore.',
        (e: unknown) => `Putting the data directories back failed too${whereAndWhy(e)}; the next start of HotBackup tries again.`,
      );
      throw new HotBackupError('IO_ERROR', `Restoring backup ${req.id} over ${t.path} stopped${moveFailure(err, w)}. ${undone}`);
    }
    const r = restored[i] as (typeof restored)[number];
    summary.directories.push({ path: t.path, top: t.top, files: r.files, bytes: r.bytes });
    summary.files += r.files;
    summary.bytes += r.bytes;
    summary.notes?.push(...(r.notes ?? []));
  }
  await clearJournal(opts.configDir, journal);
  await recordRestore(dir, `over ${summary.directories.map((d) => `"${d.path}"`).join(', ')}`, { ...summary, failed: [] }, opts.clock);
  return summary;
}

/** ` at "file": the cause in words` (never a raw errno text: the file is named once, the code in words). */
function whereAndWhy(err: unknown): string {
  const path = (err as NodeJS.ErrnoException | null)?.path;
  return `${path ? ` at "${path}"` : ''}: ${causeWords(err)}`;
}

/** Why putting an item in place failed: its current version could not be moved aside, or the restored one in. */
function moveFailure(err: unknown, w: WorkDir): string {
  const e = err as (NodeJS.ErrnoException & { dest?: string }) | null;
  if (e?.syscall !== 'rename' || !e.path || !e.dest) return whereAndWhy(err);
  return isSameOrInside(e.path, w.work)
    ? ` at "${e.dest}": the restored version could not be put in its place (${causeWords(err)})`
    : ` at "${e.path}": it could not be moved aside (${causeWords(err)})`;
}
