import { lchown, lstat, mkdir, readdir, realpath, stat, symlink } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { isSameOrInside, localPathProblem } from '../../../shared/paths.js';
import { HotBackupError } from '../../../shared/result.js';
import type { RestoreSummary } from '../../../shared/vault.js';
import { realPathOf } from '../fs/real-path.js';
import { entryLinkBytes, MANIFEST_NAME, type ManifestEntry } from '../manifest/manifest.js';
import { Pacer } from '../plan/glob-match.js';
import { keyBytes, keyShown } from '../fs/raw-names.js';
import { accountTable, restoreOwner, type AccountTable, type Owner } from '../plan/owner-names.js';
import { layoutOf } from '../tar/archive-reader.js';
import { extractSelected } from './extract-archive.js';
import { hbLogAppender } from '../vault/stored-hb-log.js';
import { openBackupManifest } from './manifest-listing.js';
import { planRestore } from './restore-select.js';
import { ManifestNotes } from './restore-stream.js';
import type { ManifestReader } from '../manifest/manifest-reader.js';
import { shownName } from '../../../shared/shown-name.js';
import { freeBytes } from '../../base/free-space.js';
import { formatBytes, isDiskFullError, restoreRoomProblem } from '../vault/disk-space.js';
import { errnoWords } from '../errors.js';
import { clearUnfinished, markUnfinished, UNFINISHED_NAME } from './restore-marker.js';

export interface RestoreRequest {
  id: string;
  to: string;
  paths?: readonly string[];
  /** Archive paths by exact bytes (base64), each an entry or a folder with everything below: Browse's ticks, never globs. */
  exact?: readonly string[];
}

export interface RestoreProgress {
  step: 'checking' | 'restoring';
  bytesDone: number;
  bytesTotal: number;
  current: string | null;
}

export interface RestoreOptions {
  onProgress?(p: RestoreProgress): void;
  signal?: AbortSignal;
  /** As root: whose an entry becomes when its recorded owner does not exist here (default: the target folder's owner). */
  ownerFallback?: Owner;
  /** This machine's accounts (default: /etc/passwd and /etc/group). */
  accounts?: AccountTable;
  /** false: do not record the restore in the backup's HB.LOG (restore-over records its own). */
  record?: boolean;
  /** false: no HOTBACKUP-RESTORE-UNFINISHED.txt while writing (restore-over keeps its own journal). */
  marker?: boolean;
  clock?: () => Date;
  /** Restore over live data: a checked private copy of the backup's MANIFEST.json, read instead of the backup folder's (copySignedManifest). */
  manifestFile?: string;
  /** The folder a refusal for lack of room names (restore-over: the data directory, on the same drive as its work folder); default the restore folder. */
  roomFor?: string;
}

const bad = (message: string) => new HotBackupError('BAD_INPUT', message);

/** Why writing a restore stopped, in words: a full drive names what the selection holds, what is free and the fix; never a raw errno text. */
export async function restoreStopCause(err: unknown, to: string, needed: number): Promise<string> {
  const e = err as NodeJS.ErrnoException;
  if (isDiskFullError(err)) {
    const free = await freeBytes(to).catch(() => null);
    return (
      `the drive is full (the selection holds ${formatBytes(needed)}${free === null ? '' : `, ${formatBytes(free)} is free there now`}). ` +
      'Free space on that drive, restore fewer paths, or restore into a folder on a larger drive.'
    );
  }
  return `${typeof e?.code === 'string' && typeof e.syscall === 'string' ? errnoWords(e) : (e?.message ?? String(err))}.`;
}

/** The target must be an absolute local folder that is empty or missing, and not inside the HotBackup folder (also checked by an offsite restore before it fetches). Returns whether it exists. */
export async function checkRestoreFolder(to: string, hotBackupFolder: string): Promise<boolean> {
  const problem = localPathProblem(to);
  if (problem) throw bad(`The restore folder "${to}" ${problem}.`);
  // On real paths: a target given through `..` or a link must not land in the HotBackup folder.
  const [realTo, realFolder] = [await realPathOf(to), await realPathOf(hotBackupFolder)];
  if (isSameOrInside(realTo, realFolder) || isSameOrInside(realFolder, realTo)) {
    throw bad(`The restore folder "${to}" overlaps the HotBackup folder ${hotBackupFolder}: choose an empty folder elsewhere.`);
  }
  const s = await stat(to).catch(() => null);
  if (!s) return false;
  if (!s.isDirectory()) throw bad(`The restore folder "${to}" is a file: give an empty or new folder.`);
  const names = await readdir(to);
  if (names.includes(UNFINISHED_NAME)) {
    throw bad(`The restore folder "${to}" holds a restore that did not finish (${UNFINISHED_NAME}): delete the folder and restore again.`);
  }
  if (names.length > 0) {
    throw bad(`The restore folder "${to}" is not empty (${names.length} item(s), e.g. "${names[0]}"): restore into an empty or new folder, then copy what you need.`);
  }
  return true;
}

/**
 * Restore a backup (all of it, or the entries `paths` globs select) into an empty or new folder.
 * The manifest is checked first: an entry that would land outside the folder (`..`, an absolute
 * path, a link leaving it or a path through a link) refuses the restore before anything is written.
 * Then only the parts of the archive holding the selected entries are read; an entry whose bytes
 * are damaged is left out and listed in `failed`, every intact one is restored.
 */
export async function restoreBackup(hotBackupFolder: string, req: RestoreRequest, opts: RestoreOptions = {}): Promise<RestoreSummary> {
  const to = resolve(req.to);
  const existed = await checkRestoreFolder(req.to, hotBackupFolder);
  // Read and selected in slices: the Director answers other requests meanwhile (issue point 7).
  const pacer = new Pacer();
  // A restore of everything is judged in the checking pass (no second pass to select).
  const notes = new ManifestNotes((req.paths ?? []).length === 0 && (req.exact ?? []).length === 0);
  const { dir, reader } = await openBackupManifest(hotBackupFolder, req.id, {
    pacer,
    visit: notes.visit,
    onEntries: (n) => opts.onProgress?.({ step: 'checking', bytesDone: n, bytesTotal: 0, current: MANIFEST_NAME }),
  }, opts.manifestFile);
  try {
    return await restoreFrom(reader, notes, dir, to, existed, hotBackupFolder, req, opts, pacer);
  } finally {
    await reader.close();
  }
}

async function restoreFrom(reader: ManifestReader, notes: ManifestNotes, dir: string, to: string, existed: boolean, hotBackupFolder: string, req: RestoreRequest, opts: RestoreOptions, pacer: Pacer): Promise<RestoreSummary> {
  opts.onProgress?.({ step: 'checking', bytesDone: 0, bytesTotal: reader.count, current: null });
  const layout = layoutOf(dir, reader.head);
  const exact = (req.exact ?? []).map((b) => Buffer.from(b, 'base64'));
  const plan = await planRestore(reader, notes, { globs: req.paths ?? [], exact }, pacer, layout.gzip ? 2 * 1024 * 1024 : 256 * 1024);
  if (plan.problems.length > 0) {
    const problems = plan.problems;
    throw bad(`Backup ${req.id} cannot be restored safely: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}. Nothing was written.`);
  }
  if (plan.items === 0) {
    const asked = [...(req.paths ?? []), ...exact.map((b) => shownName(b))].map((p) => `"${p}"`).join(', ');
    throw bad(`No entry of backup ${req.id} matches ${asked}: "hotbackup show ${req.id}" and MANIFEST.json list the paths inside.`);
  }

  // Up front: a restore that cannot fit writes nothing (not a part, then a full drive).
  const room = await restoreRoomProblem(opts.roomFor ?? to, roomNeeded(reader, plan.room, plan.items)).catch(() => null);
  if (room) throw new HotBackupError('IO_ERROR', `Backup ${req.id} was not restored, nothing was written: ${room}`);
  if (!existed) await mkdir(to, { recursive: true });
  const root = await realpath(to);
  // Again on the folder as made: a link swapped in meanwhile must not land the restore in the HotBackup folder.
  const realFolder = await realPathOf(hotBackupFolder);
  if (isSameOrInside(root, realFolder) || isSameOrInside(realFolder, root)) {
    throw bad(`The restore folder "${to}" overlaps the HotBackup folder ${hotBackupFolder}: choose an empty folder elsewhere.`);
  }
  // As root, each entry gets its recorded owner where this machine has that account, else the
  // fallback: never root's by accident (the office program could not write it), never an account
  // that does not exist here. A restore by another account leaves everything its own.
  let owner: ((m: ManifestEntry) => Owner) | undefined;
  if (process.getuid?.() === 0) {
    const s = await lstat(root);
    const accounts = opts.accounts ?? accountTable();
    const fallback = opts.ownerFallback ?? { uid: s.uid, gid: s.gid };
    owner = (m) => restoreOwner(m, accounts, fallback);
  }
  const marked = opts.marker !== false;
  let result;
  let refused: unknown = null;
  try {
    if (marked) await markUnfinished(to, req.id, (opts.clock ?? (() => new Date()))());
    result = await extractSelected(layout, plan.extract, root, {
      signal: opts.signal,
      owner,
      onProgress: (done, total, current) => opts.onProgress?.({ step: 'restoring', bytesDone: done, bytesTotal: total, current }),
      // Links last, each after checking its folder really lies inside the target (no link on the
      // way); before the folders' modes and times are set.
      makeLinks: async (links) => {
        const base = Buffer.from(root + sep, 'utf8');
        for (const link of links) {
          await makeRecordedLink(root, link.dest, entryLinkBytes(link.m)).catch((err: unknown) => {
            throw (refused = err);
          });
          if (owner) {
            const o = owner(link.m);
            await lchown(Buffer.concat([base, keyBytes(link.dest)]), o.uid, o.gid);
          }
        }
      },
    });
  } catch (err) {
    if (opts.signal?.aborted || err === refused) throw err;
    throw new HotBackupError('IO_ERROR', `Restoring backup ${req.id} into ${to} stopped: ${await restoreStopCause(err, to, plan.bytes)} What was restored so far is in ${to}${marked ? ` (marked unfinished by ${UNFINISHED_NAME})` : ''}.`);
  }
  if (marked) await clearUnfinished(to);
  opts.onProgress?.({ step: 'restoring', bytesDone: 1, bytesTotal: 1, current: null });
  const summary: RestoreSummary = {
    id: req.id,
    to,
    files: result.files,
    directories: result.directories,
    symlinks: result.symlinks,
    bytes: result.bytes,
    skipped: reader.count - plan.items,
    failed: result.failed,
    notes: result.notes,
  };
  if (opts.record !== false) await recordRestore(dir, `into "${to}"`, summary, opts.clock);
  return summary;
}

/**
 * What a restore needs on its drive: the selection's room, but never more than the archive can
 * hold (every byte restored is in the tar; a manifest claiming a petabyte entry must not refuse
 * the intact ones, which are restored and the damaged one left out).
 */
function roomNeeded(reader: ManifestReader, room: number, items: number): number {
  const tar = reader.head.totals?.tarBytes ?? reader.head.volumes.reduce((n, v) => n + (Number.isFinite(v.size) ? v.size : 0), 0);
  return Math.min(room, tar + items * 4096);
}

/**
 * The backup's HB.LOG records the restore and names every entry restored differently (a setuid
 * bit dropped) or left out. Best effort: a read-only HotBackup folder still restores.
 */
export async function recordRestore(backupDir: string, where: string, s: Pick<RestoreSummary, 'files' | 'bytes' | 'failed' | 'notes'>, clock?: () => Date): Promise<void> {
  const append = hbLogAppender(backupDir, clock);
  const lines: [string, string][] = [
    ['HB_RESTORED', `${where}: ${s.files} files, ${s.bytes} bytes${s.failed.length ? `, ${s.failed.length} entries not restored` : ''}`],
    ...(s.notes ?? []).map((n): [string, string] => ['HB_RESTORE_NOTE', n]),
    ...s.failed.map((f): [string, string] => ['HB_RESTORE_LEFT_OUT', `"${f.path}": ${f.problem}`]),
  ];
  for (const [code, detail] of lines) {
    if (!(await append(code, detail).then(() => true, () => false))) return;
  }
}

/** Create a recorded link below `root`, after checking its folder really lies inside `root` (no link on the way). */
async function makeRecordedLink(root: string, relKey: string, target: Buffer): Promise<void> {
  const cut = relKey.lastIndexOf('/');
  const folder = cut > 0 ? Buffer.concat([Buffer.from(root + sep, 'utf8'), keyBytes(relKey.slice(0, cut))]) : Buffer.from(root, 'utf8');
  await mkdir(folder, { recursive: true });
  const parent = await realpath(folder);
  if (parent !== root && !parent.startsWith(root + sep)) {
    throw new HotBackupError('IO_ERROR', `Refused to create the link "${keyShown(relKey)}": its folder resolves to ${parent}, outside ${root}.`);
  }
  await symlink(target, Buffer.concat([folder, Buffer.from('/'), keyBytes(relKey.slice(cut + 1))]));
}
