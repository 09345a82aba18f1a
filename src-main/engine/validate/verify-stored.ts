import type { VerifyResult } from '../../../shared/vault.js';
import { join } from 'node:path';
import { openOwnFile, readOwnFile } from '../../base/no-follow.js';
import { checkManifestDigest, manifestMac, MANIFEST_SIG_NAME, type SignatureVerdict } from '../manifest/manifest-signature.js';
import { MANIFEST_NAME } from '../manifest/manifest.js';
import { verifyBackup } from './verify-backup.js';
import { findBackup } from '../vault/backup-lookup.js';
import { hbLogAppender } from '../vault/stored-hb-log.js';
import type { Logger } from '../../base/logger.js';

export interface VerifyStoredOptions {
  clock?: () => Date;
  logger?: Logger;
  signal?: AbortSignal;
  onProgress?(bytesDone: number, bytesTotal: number, current: string | null): void;
  /** This installation's manifest key: MANIFEST.sig is checked against it (a mismatch = damaged). */
  manifestKey?: Uint8Array;
}

/**
 * `hotbackup verify ID`: re-run validation on a stored backup (volumes' SHA-256, the tar to its
 * end, every entry against MANIFEST.json) and record the verdict in the backup's HB.LOG.
 */
export async function verifyStoredBackup(hotBackupFolder: string, id: string, opts: VerifyStoredOptions = {}): Promise<VerifyResult> {
  const { path } = await findBackup(hotBackupFolder, id, { logger: opts.logger, clock: opts.clock });
  const append = hbLogAppender(path, opts.clock);
  // A read-only HotBackup folder still verifies: the verdict is returned, and recorded where it can be.
  let notRecorded: string | null = null;
  const log = (code: string, detail: string) =>
    append(code, detail).catch((err: NodeJS.ErrnoException) => {
      notRecorded ??= err.code === 'EROFS' || err.code === 'EACCES' || err.code === 'EPERM' ? `${path} cannot be written (${err.code === 'EROFS' ? 'read-only drive' : 'no permission'})` : err.message;
    });
  await log('HB_VERIFY_STARTED', 'checking volumes and entries against MANIFEST.json');
  const report = await verifyBackup(path, { signal: opts.signal, onProgress: opts.onProgress });
  const signature = opts.manifestKey ? await signatureOf(path, opts.manifestKey) : 'unchecked';
  if (signature === 'mismatch') {
    report.ok = false;
    report.problems.push(`${MANIFEST_SIG_NAME} does not match MANIFEST.json: the manifest was changed after the backup, or the backup was made by another installation (restore it into a new folder only)`);
  }
  const badVolumes = report.volumes.filter((v) => v.problem).map((v) => ({ name: v.name, problem: v.problem as string }));
  const result: VerifyResult = {
    id,
    signature,
    notRecorded: null,
    ok: report.ok,
    volumesChecked: report.volumes.length,
    badVolumes,
    entriesExpected: report.entriesExpected,
    entriesChecked: report.entriesChecked,
    badEntries: report.badEntries,
    badEntriesTotal: report.badEntriesTotal,
    problems: report.problems,
  };
  if (report.ok) {
    await log('HB_VERIFY_SUCCEEDED', `${report.entriesChecked} entries in ${report.volumes.length} volume(s) match MANIFEST.json`);
  } else {
    await log('HB_VERIFY_FAILED', report.problems.join(' / '));
  }
  opts.logger?.info(`verify ${id}: ${report.ok ? 'ok' : report.problems.join(' / ')}`);
  return { ...result, notRecorded };
}

/** MANIFEST.json hashed a block at a time (each read a turn of the event loop: never one blocking piece). */
async function signatureOf(path: string, key: Uint8Array): Promise<SignatureVerdict | 'unchecked'> {
  const h = await openOwnFile(join(path, MANIFEST_NAME)).catch(() => null);
  if (h === null) return 'unchecked';
  const mac = manifestMac(key);
  try {
    const buf = Buffer.allocUnsafe(1024 * 1024);
    for (let pos = 0; ; ) {
      const { bytesRead } = await h.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) break;
      mac.update(buf.subarray(0, bytesRead));
      pos += bytesRead;
    }
  } catch {
    return 'unchecked';
  } finally {
    await h.close();
  }
  return checkManifestDigest(mac.digest('hex'), await readOwnFile(join(path, MANIFEST_SIG_NAME)).catch(() => null));
}
