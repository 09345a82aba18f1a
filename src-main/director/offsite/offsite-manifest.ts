import { createReadStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { OffsiteTarget } from '../../../shared/offsite-settings.js';
import { HotBackupError } from '../../../shared/result.js';
import type { DataDirectory } from '../../../shared/settings.js';
import type { ManifestListing } from '../../../shared/restore-wizard.js';
import { listManifest } from '../../engine/index.js';
import { hashFile } from './age-parts.js';
import { catIndexArgs, OFFSITE_INDEX, parseOffsiteIndex } from './offsite-index.js';
import { ageDecrypt } from './offsite-restore.js';
import { openTarget, rclone, remoteJoin } from './rclone.js';

// What an offsite copy holds, for choosing what to restore from it in the console: only its
// MANIFEST.json is fetched (checked against the copy's index) and, for an encrypted copy, only
// MANIFEST.json.age is decrypted with the pasted key (on a pipe, never written to disk). The
// manifest waits in an owner-only folder in the config directory and is removed at once.

export interface OffsiteManifestRequest {
  target: OffsiteTarget;
  backupId: string;
  identity?: string;
  workDir: string;
  openSecret: (sealed: string) => string;
  /** Where the listing suggests restoring (a new folder under it). */
  restoreRoot: string;
  configured: readonly DataDirectory[];
}

const bad = (m: string) => new HotBackupError('BAD_INPUT', m);

export async function offsiteManifest(req: OffsiteManifestRequest): Promise<ManifestListing> {
  const t = await openTarget(req.target, req.workDir, req.openSecret);
  let root: string | null = null;
  try {
    const dir = remoteJoin(t.root, req.backupId);
    const indexText = await rclone(t, catIndexArgs(remoteJoin(dir, OFFSITE_INDEX))).catch(() => {
      throw new HotBackupError('NOT_FOUND', `There is no complete copy of backup ${req.backupId} on "${req.target.label}" (${dir} has no ${OFFSITE_INDEX}): list the copies on the target again`);
    });
    const index = parseOffsiteIndex(indexText, dir);
    if (index.encrypted && !req.identity) throw bad(`The copy of ${req.backupId} on "${req.target.label}" is encrypted: paste the recovery key (the AGE-SECRET-KEY-1… line) to list its files`);
    const name = index.encrypted ? 'MANIFEST.json.age' : 'MANIFEST.json';
    const indexed = index.files.find((f) => f.name === name);
    if (!indexed) throw bad(`The copy of ${req.backupId} on "${req.target.label}" has no ${name} in its index: the copy is damaged; copy the backup again`);
    await mkdir(req.workDir, { recursive: true, mode: 0o700 });
    // Named for this process, as the rclone configs are: a Director killed meanwhile has it removed at its next start.
    root = join(req.workDir, `manifest-${req.backupId}-${process.pid}-${Date.now()}`);
    await mkdir(root, { mode: 0o700 });
    const backupDir = join(root, 'Recent', req.backupId);
    await mkdir(backupDir, { recursive: true, mode: 0o700 });
    const fetched = join(index.encrypted ? root : backupDir, name);
    await rclone(t, ['copyto', remoteJoin(dir, name), fetched]);
    const got = await hashFile(fetched).catch(() => null);
    if (!got || got.sha256 !== indexed.sha256 || got.size !== indexed.size) {
      throw bad(`${name} of the copy of ${req.backupId} on "${req.target.label}" does not match its index: the copy is damaged; restore another copy, or copy the backup again`);
    }
    if (index.encrypted) await ageDecrypt(createReadStream(fetched), { text: req.identity! }, join(backupDir, 'MANIFEST.json'));
    return await listManifest(root, req.backupId, req.restoreRoot, req.configured);
  } finally {
    await t.close();
    if (root) await rm(root, { recursive: true, force: true });
  }
}
