import type { VerifyResult } from '../../../shared/vault.js';
import { verifyBackup } from '../validate/verify-backup.js';
import { findBackup } from './backup-lookup.js';
import { hbLogAppender } from './hb-log.js';
import type { VaultLogger } from './vault-store.js';

export interface VerifyStoredOptions {
  clock?: () => Date;
  logger?: VaultLogger;
  signal?: AbortSignal;
  onProgress?(bytesDone: number, bytesTotal: number, current: string | null): void;
}

/**
 * `hotbackup verify ID`: re-run validation on a stored backup (volumes' SHA-256, the tar to its
 * end, every entry against MANIFEST.json) and record the verdict in the backup's HB.LOG.
 */
export async function verifyStoredBackup(hotBackupFolder: string, id: string, opts: VerifyStoredOptions = {}): Promise<VerifyResult> {
  const { path } = await findBackup(hotBackupFolder, id, { logger: opts.logger, clock: opts.clock });
  const log = hbLogAppender(path, opts.clock);
  await log('HB_VERIFY_STARTED', 'checking volumes and entries against MANIFEST.json');
  const report = await verifyBackup(path, { signal: opts.signal, onProgress: opts.onProgress });
  const badVolumes = report.volumes.filter((v) => v.problem).map((v) => ({ name: v.name, problem: v.problem as string }));
  const result: VerifyResult = {
    id,
    ok: report.ok,
    volumesChecked: report.volumes.length,
    badVolumes,
    entriesExpected: report.entriesExpected,
    entriesChecked: report.entriesChecked,
    badEntries: report.badEntries,
    problems: report.problems,
  };
  if (report.ok) {
    await log('HB_VERIFY_SUCCEEDED', `${report.entriesChecked} entries in ${report.volumes.length} volume(s) match MANIFEST.json`);
  } else {
    await log('HB_VERIFY_FAILED', report.problems.join(' / '));
  }
  opts.logger?.info(`verify ${id}: ${report.ok ? 'ok' : report.problems.join(' / ')}`);
  return result;
}
