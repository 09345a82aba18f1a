import { mkdir, readdir, realpath, stat, symlink } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Parser, Unpack, type ReadEntry } from 'tar';
import { isSameOrInside, localPathProblem } from '../../../shared/paths.js';
import { HotBackupError } from '../../../shared/result.js';
import type { RestoreSummary } from '../../../shared/vault.js';
import type { Manifest } from '../manifest/manifest.js';
import { readVolumes, type VolumeReadState } from '../validate/volume-reader.js';
import { readBackupManifest } from './manifest-listing.js';
import { entryProblem, normalizeEntryPath, selectionMatcher, symlinkProblem, type ArchiveEntryInfo } from './restore-checks.js';

export interface RestoreRequest {
  id: string;
  to: string;
  paths?: readonly string[];
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
}

const bad = (message: string) => new HotBackupError('BAD_INPUT', message);

/** The volumes in manifest (numeric) order as one stream, gunzipped when the backup was compressed. */
function archiveStream(dir: string, manifest: Manifest, state: VolumeReadState, signal?: AbortSignal): NodeJS.ReadableStream {
  const raw = Readable.from(readVolumes(dir, manifest.volumes, state, signal));
  if (manifest.settings.compression !== 'gzip') return raw;
  const gunzip = createGunzip();
  raw.on('error', (err) => gunzip.destroy(err));
  return raw.pipe(gunzip);
}

function drain(source: NodeJS.ReadableStream, sink: NodeJS.WritableStream & NodeJS.EventEmitter, doneEvent: string): Promise<void> {
  return new Promise<void>((ok, fail) => {
    sink.on(doneEvent, () => ok());
    sink.on('error', fail);
    source.on('error', fail);
    source.pipe(sink);
  });
}

/** The target must be an absolute local folder that is empty or missing, and not inside the HotBackup folder. */
async function checkTarget(to: string, hotBackupFolder: string): Promise<boolean> {
  const problem = localPathProblem(to);
  if (problem) throw bad(`The restore folder "${to}" ${problem}.`);
  if (isSameOrInside(to, hotBackupFolder) || isSameOrInside(hotBackupFolder, to)) {
    throw bad(`The restore folder "${to}" overlaps the HotBackup folder ${hotBackupFolder}: choose an empty folder elsewhere.`);
  }
  const s = await stat(to).catch(() => null);
  if (!s) return false;
  if (!s.isDirectory()) throw bad(`The restore folder "${to}" is a file: give an empty or new folder.`);
  const names = await readdir(to);
  if (names.length > 0) {
    throw bad(`The restore folder "${to}" is not empty (${names.length} item(s), e.g. "${names[0]}"): restore into an empty or new folder, then copy what you need.`);
  }
  return true;
}

interface Scan {
  entries: (ArchiveEntryInfo & { norm: string; size: number })[];
}

async function scanArchive(dir: string, manifest: Manifest, opts: RestoreOptions, total: number): Promise<Scan> {
  const state: VolumeReadState = { checks: [], current: null, bytesRead: 0 };
  const entries: Scan['entries'] = [];
  const parser = new Parser({
    strict: true,
    onReadEntry: (e: ReadEntry) => {
      const norm = normalizeEntryPath(e.path);
      entries.push({ path: e.path, type: e.type, linkpath: e.header.linkpath, norm: 'path' in norm ? norm.path : e.path, size: e.size });
      opts.onProgress?.({ step: 'checking', bytesDone: state.bytesRead, bytesTotal: total, current: e.path });
      e.resume();
    },
  });
  try {
    await drain(archiveStream(dir, manifest, state, opts.signal), parser as unknown as NodeJS.WritableStream & NodeJS.EventEmitter, 'end');
  } catch (err) {
    const damaged = state.checks.find((c) => c.problem);
    throw new HotBackupError('IO_ERROR', `The archive of this backup cannot be read${damaged ? ` (${damaged.name}: ${damaged.problem})` : ''}: ${(err as Error).message}. Nothing was restored; "hotbackup verify" shows what is damaged.`);
  }
  const damaged = state.checks.filter((c) => c.problem);
  if (damaged.length > 0) {
    throw new HotBackupError('IO_ERROR', `This backup is damaged (${damaged.map((c) => `${c.name}: ${c.problem}`).join('; ')}). Nothing was restored; "hotbackup verify" shows which entries are affected.`);
  }
  return { entries };
}

/**
 * Restore a backup (all of it, or the entries `paths` globs select) into an empty or new folder.
 * The whole archive is checked first; an entry that would land outside the folder (`..`, an
 * absolute path, a link leaving it or a path through a link) refuses the restore before anything is written.
 */
export async function restoreBackup(hotBackupFolder: string, req: RestoreRequest, opts: RestoreOptions = {}): Promise<RestoreSummary> {
  const to = resolve(req.to);
  const existed = await checkTarget(req.to, hotBackupFolder);
  const { dir, manifest } = await readBackupManifest(hotBackupFolder, req.id);
  const total = manifest.volumes.reduce((s, v) => s + v.size, 0);
  const { entries } = await scanArchive(dir, manifest, opts, total);

  const selected = selectionMatcher(req.paths ?? []);
  const symlinks = new Set(entries.filter((e) => e.type === 'SymbolicLink').map((e) => e.norm));
  const chosen = entries.filter((e) => selected(e.norm));
  const recordedLinks = new Map(manifest.entries.filter((e) => e.kind === 'symlink' && e.linkTarget).map((e) => [e.path, e.linkTarget!]));
  const problems = chosen.map((e) => entryProblem(e, symlinks, recordedLinks)).filter((p): p is string => p !== null);
  if (problems.length > 0) {
    throw bad(`Backup ${req.id} cannot be restored safely: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}. Nothing was written.`);
  }
  if (chosen.length === 0) {
    throw bad(`No entry of backup ${req.id} matches ${(req.paths ?? []).map((p) => `"${p}"`).join(', ')}: "hotbackup show ${req.id}" and MANIFEST.json list the paths inside.`);
  }

  if (!existed) await mkdir(to, { recursive: true });
  const root = await realpath(to);
  // Recorded links that point out of the folder are made by us after unpacking: node-tar would
  // strip their leading "/" and change where they point.
  const linksMadeLater = chosen.filter((e) => e.type === 'SymbolicLink' && symlinkProblem(e.norm, e.linkpath ?? '', symlinks) !== null);
  const wanted = new Set(chosen.filter((e) => !linksMadeLater.includes(e)).map((e) => e.norm));
  const state: VolumeReadState = { checks: [], current: null, bytesRead: 0 };
  const warnings: string[] = [];
  const unpack = new Unpack({
    cwd: root,
    strict: true,
    preservePaths: false,
    preserveOwner: false,
    filter: (path: string) => {
      const norm = normalizeEntryPath(path);
      return 'path' in norm && wanted.has(norm.path);
    },
    onwarn: (code: string, message: string) => warnings.push(`${code}: ${message}`),
    onReadEntry: (e: ReadEntry) => opts.onProgress?.({ step: 'restoring', bytesDone: state.bytesRead, bytesTotal: total, current: e.path }),
  });
  try {
    await drain(archiveStream(dir, manifest, state, opts.signal), unpack as unknown as NodeJS.WritableStream & NodeJS.EventEmitter, 'close');
  } catch (err) {
    throw new HotBackupError('IO_ERROR', `Restoring backup ${req.id} into ${to} stopped: ${(err as Error).message}. What was restored so far is in ${to}.`);
  }
  if (warnings.length > 0) throw new HotBackupError('IO_ERROR', `Restoring backup ${req.id} into ${to} had problems: ${warnings.slice(0, 5).join('; ')}.`);
  for (const link of linksMadeLater) await makeRecordedLink(root, link.norm, link.linkpath ?? '');
  opts.onProgress?.({ step: 'restoring', bytesDone: total, bytesTotal: total, current: null });
  return {
    id: req.id,
    to,
    files: chosen.filter((e) => e.type !== 'Directory' && e.type !== 'SymbolicLink').length,
    directories: chosen.filter((e) => e.type === 'Directory').length,
    symlinks: chosen.filter((e) => e.type === 'SymbolicLink').length,
    bytes: chosen.reduce((s, e) => s + (e.type === 'Directory' ? 0 : e.size), 0),
    skipped: entries.length - chosen.length,
  };
}

/** Create a recorded link below `root`, after checking its folder really lies inside `root` (no link on the way). */
async function makeRecordedLink(root: string, relPath: string, target: string): Promise<void> {
  const at = join(root, ...relPath.split('/'));
  await mkdir(dirname(at), { recursive: true });
  const parent = await realpath(dirname(at));
  if (parent !== root && !parent.startsWith(root + sep)) {
    throw new HotBackupError('IO_ERROR', `Refused to create the link "${relPath}": its folder resolves to ${parent}, outside ${root}.`);
  }
  await symlink(target, at);
}
