import { constants } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { join } from 'node:path';

// The HotBackup folder may be writable by people who must gain nothing by it: its own files
// (BACKUP.LOG, HB.LOG, MANIFEST.json, volumes, locks, HOTBACKUP.ID, PLAN, RESTORE scripts, staging,
// Recent/Archive/Failed and run folders) are opened without following
// a symbolic link, so a link planted there never makes the Director read or write elsewhere.

const NOFOLLOW = constants.O_NOFOLLOW ?? 0;

/** An error for a path that is a symbolic link (or not a regular file) where HotBackup expects its own file. */
export class NotOwnFileError extends Error {
  readonly code = 'ENOTOWNFILE';
  constructor(readonly path: string, what: string) {
    super(`"${path}" is ${what}, not a file HotBackup wrote: it is left alone (remove it if you did not put it there)`);
  }
}

function refuseLink(path: string, err: unknown): never {
  if ((err as NodeJS.ErrnoException).code === 'ELOOP') throw new NotOwnFileError(path, 'a symbolic link');
  throw err;
}

/** Open a regular file for reading, refusing a symbolic link or anything else (FIFO, device, folder). */
export async function openOwnFile(path: string) {
  const h = await open(path, constants.O_RDONLY | NOFOLLOW | (constants.O_NONBLOCK ?? 0)).catch((err: unknown) => refuseLink(path, err));
  const s = await h.stat();
  if (!s.isFile()) {
    await h.close();
    throw new NotOwnFileError(path, s.isDirectory() ? 'a folder' : 'a special file');
  }
  return h;
}

/** Read a regular file without following a symbolic link; ENOENT passes through unchanged. */
export async function readOwnFile(path: string): Promise<string> {
  const h = await openOwnFile(path);
  try {
    return await h.readFile('utf8');
  } finally {
    await h.close();
  }
}

/** Append to a file (created with `mode` when missing) without following a symbolic link. */
export async function appendOwnFile(path: string, text: string, mode = 0o644): Promise<void> {
  // O_NONBLOCK: a FIFO planted in its place fails at once (ENXIO) instead of waiting for a reader forever.
  const h = await open(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | NOFOLLOW | (constants.O_NONBLOCK ?? 0), mode).catch((err: unknown) => {
    if ((err as NodeJS.ErrnoException).code === 'ENXIO') throw new NotOwnFileError(path, 'a special file');
    return refuseLink(path, err);
  });
  try {
    if (!(await h.stat()).isFile()) throw new NotOwnFileError(path, 'a special file');
    await h.appendFile(text, 'utf8');
  } finally {
    await h.close();
  }
}

/** Throw NotOwnFileError unless `path` is a real folder (not a link to one). ENOENT passes through. */
export async function assertOwnFolder(path: string): Promise<void> {
  const s = await lstat(path);
  if (s.isSymbolicLink()) throw new NotOwnFileError(path, 'a symbolic link');
  if (!s.isDirectory()) throw new NotOwnFileError(path, 'not a folder');
}

/** Create a new file (refusing any name already there, a symbolic link included) with exactly `mode`; `data` may come in pieces. */
export async function createOwnFile(path: string, data: string | Uint8Array | Iterable<string | Uint8Array>, mode = 0o644): Promise<void> {
  const h = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NOFOLLOW, mode & 0o777).catch((err: unknown) => refuseLink(path, err));
  try {
    // Each writeFile goes on from the handle's position: pieces land one after the other.
    if (typeof data === 'string' || data instanceof Uint8Array) await h.writeFile(data);
    else for (const piece of data) await h.writeFile(piece);
    await h.chmod(mode & 0o777);
  } finally {
    await h.close();
  }
}

/** The HotBackup folder's Recent/, Archive/ and Failed/: throw NotOwnFileError for one that is a link or not a folder (missing ones pass). */
export async function assertOwnSubfolders(hotBackupFolder: string, names: readonly string[] = ['Recent', 'Archive', 'Failed']): Promise<void> {
  for (const name of names) {
    await assertOwnFolder(join(hotBackupFolder, name)).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
  }
}
