import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { HotBackupError } from '../../../shared/result.js';
import type { ManifestListing } from '../../../shared/vault-browse.js';
import { MANIFEST_NAME, parseManifest, type Manifest } from '../manifest/manifest.js';
import { findBackup } from './backup-lookup.js';

/** A backup's MANIFEST.json, or NOT_FOUND saying the run never got that far. */
export async function readBackupManifest(hotBackupFolder: string, id: string): Promise<{ dir: string; manifest: Manifest }> {
  const { path: dir } = await findBackup(hotBackupFolder, id);
  const text = await readFile(join(dir, MANIFEST_NAME), 'utf8').catch(() => {
    throw new HotBackupError('NOT_FOUND', `Backup ${id} has no ${MANIFEST_NAME} in ${dir}: the run stopped before saving files, so there is nothing to restore.`);
  });
  return { dir, manifest: parseManifest(text, `${MANIFEST_NAME} of backup ${id}`) };
}

/** `<restoreRoot>/<ID>`, or `<ID>-2`, `-3`, … when that exists already. */
async function freeFolder(restoreRoot: string, id: string): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = join(restoreRoot, n === 1 ? id : `${id}-${n}`);
    if (!(await stat(candidate).catch(() => null))) return candidate;
  }
}

/** What a backup holds, for the console's restore tree. */
export async function listManifest(hotBackupFolder: string, id: string, restoreRoot: string): Promise<ManifestListing> {
  const { manifest } = await readBackupManifest(hotBackupFolder, id);
  return {
    id,
    dataDirectories: manifest.dataDirectories.map((d) => ({ path: d.path, label: d.label, top: d.top })),
    entries: manifest.entries.map((e) => ({ path: e.path, kind: e.kind, size: e.size, sha256: e.sha256 })),
    suggestedFolder: await freeFolder(restoreRoot, id),
  };
}
