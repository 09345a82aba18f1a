import { readdir } from 'node:fs/promises';
import { readOwnFile } from '../../base/no-follow.js';
import { readManifestHead } from '../manifest/manifest-reader.js';
import { join } from 'node:path';
import { BACKUP_ID_PATTERN, type BackupFolderName, type BackupRecord } from '../../../shared/vault.js';
import type { FolderOnDisk } from './backup-log-reconcile.js';
import { readHbLog, type HbLogEntry } from './stored-hb-log.js';
import { readRunSequence } from './run-sequence-file.js';

export const BACKUP_FOLDER_NAMES: readonly BackupFolderName[] = ['Recent', 'Archive', 'Failed'];
export const MANIFEST_NAME = 'MANIFEST.json';

export const backupPath = (hotBackupFolder: string, folder: BackupFolderName, id: string): string =>
  join(hotBackupFolder, folder, id);

/** Every backup folder (named like an ID) in Recent/, Archive/ and Failed/. Other names are ignored. */
export async function scanBackupFolders(hotBackupFolder: string): Promise<FolderOnDisk[]> {
  const found: FolderOnDisk[] = [];
  for (const folder of BACKUP_FOLDER_NAMES) {
    let names: { name: string; isDirectory(): boolean }[];
    try {
      names = await readdir(join(hotBackupFolder, folder), { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    for (const d of names) if (d.isDirectory() && BACKUP_ID_PATTERN.test(d.name)) found.push({ id: d.name, folder });
  }
  return found.sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * MANIFEST.json as loose JSON (the engine owns its exact shape), or null when missing or unreadable.
 * Only its head is read when it has the totals (every manifest this HotBackup writes): a listing
 * never reads a million entries.
 */
export async function readManifestLoose(dir: string): Promise<Record<string, unknown> | null> {
  try {
    const head = await readManifestHead(join(dir, MANIFEST_NAME));
    const totals = head?.totals as { files?: unknown } | undefined;
    if (head && typeof totals?.files === 'number') return head;
    const value: unknown = JSON.parse(await readOwnFile(join(dir, MANIFEST_NAME)));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const count = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null);

function pick(obj: Record<string, unknown> | null, ...keys: string[]): unknown {
  for (const k of keys) {
    const parts = k.split('.');
    let v: unknown = obj;
    for (const p of parts) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
    if (v !== undefined && v !== null) return v;
  }
  return undefined;
}

/** The failure an HB.LOG records, if any: the detail of its last *FAIL* line. */
function failureIn(log: HbLogEntry[]): string | null {
  const fail = [...log].reverse().find((e) => /FAIL/i.test(e.code) && !/VERIFY/i.test(e.code));
  return fail ? fail.detail || fail.code : null;
}

/**
 * Rebuild one BACKUP.LOG row from a folder alone (its MANIFEST.json and HB.LOG). A folder in
 * Recent/ or Archive/ was committed, so it succeeded; one in Failed/ did not.
 */
export async function recordFromFolder(hotBackupFolder: string, f: FolderOnDisk): Promise<BackupRecord> {
  const dir = backupPath(hotBackupFolder, f.folder, f.id);
  const manifest = await readManifestLoose(dir);
  const log = (await readHbLog(dir).catch(() => null)) ?? [];
  const timed = log.filter((e) => e.time !== '');
  const failed = f.folder === 'Failed';
  const seq = await readRunSequence(dir);
  const entries = pick(manifest, 'entries');
  const fileCount = Array.isArray(entries)
    ? entries.filter((e) => (e as { type?: string; kind?: string })?.type !== 'Directory' && (e as { kind?: string })?.kind !== 'directory').length
    : null;
  return {
    id: f.id,
    trigger: str(pick(manifest, 'trigger')) ?? '',
    started: str(pick(manifest, 'startedAt', 'started')) ?? timed[0]?.time ?? '',
    ended: str(pick(manifest, 'endedAt', 'ended')) ?? timed[timed.length - 1]?.time ?? null,
    result: failed ? 'Failed' : 'Succeeded',
    folder: f.folder,
    user: str(pick(manifest, 'user')) ?? '',
    task: str(pick(manifest, 'task')) ?? '',
    files: count(pick(manifest, 'totals.files', 'files')) ?? fileCount,
    bytes: count(pick(manifest, 'totals.bytes', 'bytes')),
    error: failed ? (failureIn(log) ?? 'found on disk in Failed/ with no BACKUP.LOG line (the run did not finish)') : '',
    foundOnDisk: true,
    ...(seq === undefined ? {} : { seq }),
  };
}
