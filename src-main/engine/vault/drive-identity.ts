import { randomUUID } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DRIVE_NOT_CONNECTED } from '../../../shared/drive.js';
import { HotBackupError } from '../../../shared/result.js';
import { errnoWords } from '../errors.js';
import { writeFileAtomic } from '../../base/atomic-write.js';
import { readOwnFile } from '../../base/no-follow.js';

/**
 * A HotBackup folder knows its identity (HOTBACKUP.ID), and the config directory remembers every
 * identity it has used at each folder path (backup-drives.json). So a backup drive that is not
 * mounted is told apart from a first use: its folder is missing, or the path now shows another
 * filesystem's folder without the ID. Such a run fails; the folder is never re-created on the
 * system disk. Rotating drives: every drive seen before is accepted; a new one is adopted when
 * rotation is allowed or the admin adopts it.
 */
export const FOLDER_ID_NAME = 'HOTBACKUP.ID';
export const DRIVE_REGISTRY_NAME = 'backup-drives.json';
const REGISTRY_FORMAT = 1;
const ID_FORMAT = 1;
/** Enough IDs to outlast every backup a folder keeps (at most 198) many times over. */
const ISSUED_KEPT = 2000;

export interface KnownFolder {
  /** Identities (HOTBACKUP.ID) used at this path: one per drive for rotating drives. */
  drives: string[];
  /** The filesystem (st_dev) the folder was on last time. */
  lastDevice: string | null;
  lastUsed: string | null;
}

export interface DriveRegistry {
  format: number;
  folders: Record<string, KnownFolder>;
  /** Backup IDs issued through this config directory, on any drive: never issued again. */
  issuedIds: string[];
}

export interface FolderState {
  exists: boolean;
  folderId: string | null;
  /** No backups in it (no BACKUP.LOG, nothing in Recent/, Archive/, Failed/). */
  empty: boolean;
  device: string | null;
}

export type DriveVerdict = { kind: 'ok' } | { kind: 'adopt'; why: string } | { kind: 'refuse'; message: string };

/** What to do with the HotBackup folder at `path` (pure). */
export function decideDrive(path: string, state: FolderState, known: KnownFolder | null, allowRotation: boolean): DriveVerdict {
  const adoptHint = `If this is meant to be a new backup drive, allow rotating drives (setting folder.rotateDrives) or adopt it: "Use this drive" on the console's Overview, or "hotbackup drive adopt".`;
  if (!state.exists) {
    if (!known) return { kind: 'adopt', why: 'first use of this HotBackup folder' };
    return {
      kind: 'refuse',
      message:
        `The HotBackup folder ${path} is missing, but backups were made there before (last ${known.lastUsed ?? 'at an unknown time'}). ` +
        `${DRIVE_NOT_CONNECTED} Connect or mount it and run the backup again; HotBackup does not make the folder again on another disk. ` +
        `If the folder moved for good, choose its new place in the Folder settings.`,
    };
  }
  if (state.folderId && known?.drives.includes(state.folderId)) return { kind: 'ok' };
  if (!known) return { kind: 'adopt', why: state.folderId ? 'first use of this drive here' : 'first use of this HotBackup folder' };
  if (allowRotation && (state.folderId || state.empty)) return { kind: 'adopt', why: 'a new drive in the rotation' };
  const otherDisk = state.device !== null && known.lastDevice !== null && state.device !== known.lastDevice;
  return {
    kind: 'refuse',
    message:
      `The HotBackup folder ${path} is not the backup drive used before` +
      (state.folderId ? ' (it belongs to another drive)' : ` (it has no ${FOLDER_ID_NAME}${otherDisk ? ' and is on another disk than last time' : ''})`) +
      `. ${DRIVE_NOT_CONNECTED} Connect or mount it and run the backup again. ` +
      adoptHint,
  };
}

export async function readDriveRegistry(file: string): Promise<DriveRegistry> {
  try {
    const raw = JSON.parse(await readFile(file, 'utf8')) as Partial<DriveRegistry>;
    return { format: REGISTRY_FORMAT, folders: raw.folders && typeof raw.folders === 'object' ? raw.folders : {}, issuedIds: Array.isArray(raw.issuedIds) ? raw.issuedIds : [] };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { format: REGISTRY_FORMAT, folders: {}, issuedIds: [] };
    throw new HotBackupError('IO_ERROR', `The list of backup drives ${file} cannot be read (${err instanceof SyntaxError ? 'it is not valid JSON' : errnoWords(err)}). Remove it to start the list again; every drive is then adopted at its next use.`);
  }
}

async function writeDriveRegistry(file: string, r: DriveRegistry): Promise<void> {
  await writeFileAtomic(file, JSON.stringify({ ...r, format: REGISTRY_FORMAT, issuedIds: r.issuedIds.slice(-ISSUED_KEPT) }, null, 2) + '\n', 0o600);
}

export async function folderState(path: string): Promise<FolderState> {
  const st = await stat(path).catch(() => null);
  if (!st?.isDirectory()) return { exists: false, folderId: null, empty: true, device: null };
  const id = await readOwnFile(join(path, FOLDER_ID_NAME)).then((t) => (JSON.parse(t) as { folderId?: unknown }).folderId, () => null);
  const names = await readdir(path).catch(() => [] as string[]);
  let empty = !names.includes('BACKUP.LOG');
  for (const sub of ['Recent', 'Archive', 'Failed']) if (empty && names.includes(sub)) empty = (await readdir(join(path, sub)).catch(() => [])).length === 0;
  return { exists: true, folderId: typeof id === 'string' ? id : null, empty, device: String(st.dev) };
}

/** Between the steps of adopting a drive (a test kills the process there; drive-adopt-kill.test.ts). */
export type AdoptStepHook = (step: 'locked' | 'identity written' | 'registry written') => Promise<void> | void;

/** Give the folder an identity if it has none, and remember it (and its disk) for this path. */

export async function adoptFolder(path: string, registryFile: string, clock: () => Date, onStep?: AdoptStepHook): Promise<string> {
  const state = await folderState(path);
  let id = state.folderId;
  if (!id) {
    id = randomUUID();
    await writeFileAtomic(join(path, FOLDER_ID_NAME), JSON.stringify({ format: ID_FORMAT, folderId: id, created: clock().toISOString() }) + '\n', 0o644);
  }
  await onStep?.('identity written');
  const r = await readDriveRegistry(registryFile);
  const known = r.folders[path] ?? { drives: [], lastDevice: null, lastUsed: null };
  if (!known.drives.includes(id)) known.drives.push(id);
  r.folders[path] = { ...known, lastDevice: (await folderState(path)).device, lastUsed: clock().toISOString() };
  await writeDriveRegistry(registryFile, r);
  await onStep?.('registry written');
  return id;
}

/** Note a backup ID as issued (so no drive, folder or later run gets it again). */
export async function recordIssuedId(registryFile: string, id: string): Promise<void> {
  const r = await readDriveRegistry(registryFile);
  if (!r.issuedIds.includes(id)) r.issuedIds.push(id);
  await writeDriveRegistry(registryFile, r);
}
