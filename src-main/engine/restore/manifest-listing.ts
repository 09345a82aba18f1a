import { constants } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { HotBackupError } from '../../../shared/result.js';
import type { DataDirectory } from '../../../shared/settings.js';
import { LISTING_MAX_ENTRIES, type ManifestListing } from '../../../shared/restore-wizard.js';
import { MANIFEST_NAME, type Manifest, type ManifestEntry } from '../manifest/manifest.js';
import { ManifestReader, type ReadOptions } from '../manifest/manifest-reader.js';
import { ManifestRefused } from '../manifest/manifest-bounds.js';
import { manifestMac } from '../manifest/manifest-signature.js';
import { Pacer } from '../plan/glob-match.js';
import { findBackup } from '../vault/backup-lookup.js';
import { NotOwnFileError, openOwnFile } from '../../base/no-follow.js';
import { causeWords } from '../errors.js';

/** Bytes of MANIFEST.json copied at a time (restore over live data). */
const COPY_CHUNK = 1024 * 1024;

/**
 * Restore over live data believes a backup's manifest only when it is signed, and the bytes
 * checked must be the bytes used: someone who can write in the HotBackup folder must not swap or
 * rewrite MANIFEST.json between the check and the restore. So the manifest is copied (never
 * followed through a link) into `copy`, a new file (mode 0600) in a folder only HotBackup writes,
 * with its HMAC under `key` computed over exactly the bytes copied; the restore then reads the
 * copy alone. Read a piece at a time: memory stays flat and the event loop gets its turns.
 * NOT_FOUND when the run never got as far as a manifest.
 */
export async function copySignedManifest(hotBackupFolder: string, id: string, key: Uint8Array, copy: string): Promise<{ dir: string; digest: string }> {
  const { path: dir } = await findBackup(hotBackupFolder, id);
  const from = await openOwnFile(join(dir, MANIFEST_NAME)).catch((err: NodeJS.ErrnoException) => {
    throw readProblem(err, id, dir);
  });
  try {
    await rm(copy, { force: true });
    const to = await open(copy, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
    try {
      const mac = manifestMac(key);
      const buf = Buffer.allocUnsafe(COPY_CHUNK);
      for (let at = 0; ; ) {
        const { bytesRead } = await from.read(buf, 0, COPY_CHUNK, at).catch((err: NodeJS.ErrnoException) => {
          throw readProblem(err, id, dir);
        });
        if (bytesRead === 0) break;
        const piece = buf.subarray(0, bytesRead);
        mac.update(piece);
        await to.write(piece, 0, bytesRead, at).catch((err: unknown) => {
          throw new HotBackupError('IO_ERROR', `Backup ${id} was not restored over live data, nothing was changed: its manifest could not be copied to ${copy} (${causeWords(err)}). The config directory's drive needs room for it (as big as ${join(dir, MANIFEST_NAME)}), then restore again.`);
        });
        at += bytesRead;
      }
      return { dir, digest: mac.digest('hex') };
    } finally {
      await to.close();
    }
  } finally {
    await from.close();
  }
}

function readProblem(err: NodeJS.ErrnoException, id: string, dir: string): HotBackupError {
  // HotBackup's own refusals (a link or FIFO in its place) say what they are; an errno is put in words.
  const why = err instanceof NotOwnFileError ? err.message : `"${join(dir, MANIFEST_NAME)}" ${causeWords(err)}`;
  if (err.code !== 'ENOENT') return new HotBackupError('BAD_INPUT', `Backup ${id} cannot be read: ${why}.`);
  return new HotBackupError('NOT_FOUND', `Backup ${id} has no ${MANIFEST_NAME} in ${dir}: the run stopped before saving files, so there is nothing to restore.`);
}

/**
 * A backup's MANIFEST.json opened for reading a line at a time (close it), or NOT_FOUND saying the
 * run never got that far. `file`: a private copy of it to read instead (copySignedManifest).
 */
export async function openBackupManifest(hotBackupFolder: string, id: string, opts: ReadOptions = {}, file?: string): Promise<{ dir: string; reader: ManifestReader }> {
  const { path: dir } = await findBackup(hotBackupFolder, id);
  try {
    return { dir, reader: await ManifestReader.open(file ?? join(dir, MANIFEST_NAME), `${MANIFEST_NAME} of backup ${id}`, opts) };
  } catch (err) {
    if (typeof (err as NodeJS.ErrnoException).code === 'string') throw readProblem(err as NodeJS.ErrnoException, id, dir);
    // Not damaged but refused (too big to read in bounded pieces): its message says the fix.
    if (err instanceof ManifestRefused) throw new HotBackupError('BAD_INPUT', err.message);
    throw new HotBackupError('BAD_INPUT', `${(err as Error).message} "hotbackup verify ${id}" shows what is damaged.`);
  }
}

/**
 * A backup's MANIFEST.json, parsed, or NOT_FOUND saying the run never got that far. Read a line at
 * a time (ManifestReader): the file's text is never held whole, only the entries; the event loop
 * gets a turn every few milliseconds (a million entries must not stop the Director answering).
 */
export async function readBackupManifest(hotBackupFolder: string, id: string, opts: ReadOptions = {}): Promise<{ dir: string; manifest: Manifest }> {
  const { dir, reader } = await openBackupManifest(hotBackupFolder, id, { ...opts, pacer: opts.pacer ?? new Pacer(), keep: true });
  try {
    return { dir, manifest: { ...reader.head, entries: reader.kept() } };
  } finally {
    await reader.close();
  }
}

/** `<restoreRoot>/<ID>`, or `<ID>-2`, `-3`, … when that exists already. */
async function freeFolder(restoreRoot: string, id: string): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = join(restoreRoot, n === 1 ? id : `${id}-${n}`);
    if (!(await stat(candidate).catch(() => null))) return candidate;
  }
}

/**
 * What a backup holds, for the console's restore tree. Each data directory's `path` is where a
 * restore-over would write: the configured directory with the same ID, never the manifest's word.
 * Bounded (issue 16 point 5): the first `limit` entries (four fields each) and the totals of all,
 * taken in the one checking pass over MANIFEST.json; the other entries are never held.
 */
export async function listManifest(hotBackupFolder: string, id: string, restoreRoot: string, configured: readonly DataDirectory[] = [], limit = LISTING_MAX_ENTRIES): Promise<ManifestListing> {
  const entries: ManifestListing['entries'] = [];
  const total = { entries: 0, files: 0, bytes: 0 };
  const note = (e: ManifestEntry) => {
    total.entries++;
    if (e.kind !== 'directory') {
      total.files++;
      total.bytes += e.size;
    }
    if (entries.length < limit) entries.push({ path: e.path, kind: e.kind, size: e.size, sha256: e.sha256 });
  };
  const { reader } = await openBackupManifest(hotBackupFolder, id, { pacer: new Pacer(), visit: note });
  try {
    // A small manifest laid out otherwise is parsed whole, without visiting: its entries are at hand.
    if (!reader.lineByLine) for (const e of reader.entries()) note(e);
    const head = reader.head;
    const target = (d: Manifest['dataDirectories'][number]) =>
      (d.id && configured.find((c) => c.id === d.id)?.path) || `(not a configured data directory now, was ${d.path}: restore it into a new folder)`;
    return {
      id,
      dataDirectories: head.dataDirectories.map((d) => ({ path: target(d), label: d.label, top: d.top })),
      entries,
      total,
      suggestedFolder: await freeFolder(restoreRoot, id),
    };
  } finally {
    await reader.close();
  }
}
