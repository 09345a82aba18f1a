import type { BackupDetail } from '../../../shared/vault.js';
import { readManifestLoose } from './backup-folders.js';
import { findBackup } from './backup-lookup.js';
import { readHbLog } from './stored-hb-log.js';
import type { Logger } from '../../base/logger.js';

/** `hotbackup show ID`: the backup's BACKUP.LOG row, its HB.LOG lines and its volumes. */
export async function showBackup(hotBackupFolder: string, id: string, logger?: Logger): Promise<BackupDetail> {
  const { record, path } = await findBackup(hotBackupFolder, id, { logger });
  const manifest = await readManifestLoose(path);
  const volumes = Array.isArray(manifest?.volumes)
    ? (manifest.volumes as { name?: unknown; size?: unknown }[]).map((v) => ({ name: String(v.name), size: Number(v.size) }))
    : [];
  const settings = manifest?.settings as { compression?: unknown } | undefined;
  return {
    record,
    path,
    log: await readHbLog(path),
    volumes,
    compression: typeof settings?.compression === 'string' ? settings.compression : null,
  };
}
