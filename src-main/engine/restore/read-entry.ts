import { createHash } from 'node:crypto';
import { HotBackupError } from '../../../shared/result.js';
import { entryLinkBytes, entryPathBytes, type ManifestEntry } from '../manifest/manifest.js';
import { byteKey, textKey } from '../fs/raw-names.js';
import { layoutOf, tarPieces } from '../tar/archive-reader.js';
import { TarParser, type ParsedEntry } from '../tar/tar-parse.js';
import type { ManifestReader } from '../manifest/manifest-reader.js';
import { Pacer } from '../plan/glob-match.js';
import { openBackupManifest } from './manifest-listing.js';

export interface BackupFileReader {
  /** The entry as MANIFEST.json lists it (for a hard link: the file holding the content). */
  entry: ManifestEntry;
  size: number;
  /** The file's bytes in order (holes of a sparse file as zeros); fails at the end if they do not match the manifest's SHA-256. */
  chunks: AsyncGenerator<Buffer>;
}

const ZEROS = Buffer.alloc(256 * 1024);

function* zeros(n: number): Generator<Buffer> {
  for (let left = n; left > 0; left -= ZEROS.length) yield ZEROS.subarray(0, Math.min(left, ZEROS.length));
}

interface Found {
  entry: ManifestEntry;
  /** Where the entry after it starts in the tar. */
  nextOffset: number | undefined;
}

/** The last entry named `key` (byte string) and where the next one starts, in one pass over the manifest's lines (in slices). */
async function lastNamed(reader: ManifestReader, key: string, pacer: Pacer): Promise<Found | null> {
  let found: Found | null = null;
  let justFound = false;
  for (const e of reader.entries()) {
    const wait = pacer.add(64);
    if (wait) await wait;
    if (justFound && found) found.nextOffset = e.offset;
    justFound = byteKey(entryPathBytes(e)) === key;
    if (justFound) found = { entry: e, nextOffset: undefined };
  }
  return found;
}

/**
 * Random access to one file of a stored backup (the console's single-file download): only the
 * gzip members (or, uncompressed, the volume bytes) that hold it are read, wherever they lie.
 * `path` is the archive path as MANIFEST.json shows it, or its exact bytes.
 */
export async function readBackupFile(hotBackupFolder: string, id: string, path: string | Buffer): Promise<BackupFileReader> {
  // In slices: a million-entry manifest must not stop the Director answering while it is searched.
  const pacer = new Pacer();
  const { dir, reader } = await openBackupManifest(hotBackupFolder, id, { pacer });
  let found: Found | null;
  try {
    found = await lastNamed(reader, typeof path === 'string' ? textKey(path) : byteKey(path), pacer);
    // A name that is not UTF-8 reaches the console as text with U+FFFD: find it by that text, if only one name reads so.
    if (!found && typeof path === 'string' && path.includes('\uFFFD')) {
      const keys = new Set<string>();
      for (const e of reader.entries()) {
        const wait = pacer.add(64);
        if (wait) await wait;
        if (e.path === path) keys.add(byteKey(entryPathBytes(e)));
      }
      if (keys.size > 1) throw new HotBackupError('BAD_INPUT', `Backup ${id} holds ${keys.size} names that read "${path}" (their bytes are not UTF-8): restore their folder instead.`);
      const [key] = keys;
      if (key !== undefined) found = await lastNamed(reader, key, pacer);
    }
    if (!found) throw new HotBackupError('NOT_FOUND', `Backup ${id} holds no "${path.toString()}": "hotbackup show ${id}" lists its paths.`);
    if (found.entry.hardlink) found = await lastNamed(reader, byteKey(entryLinkBytes(found.entry)), pacer);
  } finally {
    await reader.close();
  }
  const entry = found?.entry;
  if (!entry || (entry.kind !== 'file' && entry.kind !== 'sqlite')) {
    throw new HotBackupError('BAD_INPUT', `"${path.toString()}" in backup ${id} is not a file: only files can be read.`);
  }
  const offset = entry.offset;
  if (typeof offset !== 'number') throw new HotBackupError('BAD_INPUT', `Backup ${id} was written by an early HotBackup without entry offsets: restore it instead.`);
  const start: number = offset;
  const end: number = found?.nextOffset ?? reader.head.totals.tarBytes;
  const manifest = reader.head;
  const want = entry;
  async function* chunks(): AsyncGenerator<Buffer> {
    const hash = createHash('sha256');
    let out: Buffer[] = [];
    let at = 0;
    let found: ParsedEntry | null = null;
    let finished = false;
    const parser = new TarParser(
      {
        entry: (e) => {
          if (e.offset === start) found = e;
        },
        data: (e, chunk, pos) => {
          if (e !== found) return;
          for (const z of zeros(pos - at)) out.push(z);
          out.push(chunk);
          at = pos + chunk.length;
        },
        end: (e) => {
          if (e !== found) return;
          for (const z of zeros(e.size - at)) out.push(z);
          at = e.size;
          finished = true;
        },
      },
      start,
    );
    for await (const piece of tarPieces(layoutOf(dir, manifest), start, end)) {
      if (piece.problem !== undefined) throw new HotBackupError('IO_ERROR', `"${want.path}" in backup ${id} cannot be read: ${piece.problem}.`);
      const from = Math.max(0, parser.pos - piece.pos);
      if (from < piece.data.length) parser.write(piece.data.subarray(from, Math.max(from, end - piece.pos)));
      for (const c of out) {
        hash.update(c);
        yield c;
      }
      out = [];
      if (finished) break;
    }
    const f = found as ParsedEntry | null;
    if (!finished || !f || byteKey(f.path) !== byteKey(entryPathBytes(want))) throw new HotBackupError('IO_ERROR', `"${want.path}" in backup ${id} cannot be read: the archive is damaged where the manifest says it lies.`);
    if (want.sha256 !== null && hash.digest('hex') !== want.sha256) throw new HotBackupError('IO_ERROR', `"${want.path}" in backup ${id} is damaged: its content does not match its SHA-256 in the manifest.`);
  }
  return { entry, size: entry.size, chunks: chunks() };
}
