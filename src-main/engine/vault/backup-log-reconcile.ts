import type { BackupFolderName, BackupRecord } from '../../../shared/vault.js';

/** A backup folder found on disk: `<HotBackup folder>/<folder>/<id>`. */
export interface FolderOnDisk {
  id: string;
  folder: BackupFolderName;
}

export interface Reconciled {
  /** One record per backup folder on disk that has a line; folders without one are in `unlisted`. */
  records: BackupRecord[];
  /** Lines whose folder exists nowhere: dropped. */
  dropped: BackupRecord[];
  /** Lines whose folder is in another subfolder than the line says (fixed in `records`). */
  relocated: { id: string; from: BackupFolderName; to: BackupFolderName }[];
  /** Folders on disk with no line: the caller rebuilds their rows from the folder. */
  unlisted: FolderOnDisk[];
  /** IDs that had more than one line (the last one is kept). */
  duplicates: string[];
}

/** Pure: make BACKUP.LOG lines agree with the folders on disk (DESIGN §6: the folders are the truth). */
export function reconcileBackupLog(lines: readonly BackupRecord[], onDisk: readonly FolderOnDisk[]): Reconciled {
  const byId = new Map<string, BackupRecord>();
  const duplicates: string[] = [];
  for (const r of lines) {
    if (byId.has(r.id)) duplicates.push(r.id);
    byId.set(r.id, r);
  }
  const where = new Map<string, BackupFolderName>();
  for (const f of onDisk) if (!where.has(f.id)) where.set(f.id, f.folder);

  const records: BackupRecord[] = [];
  const dropped: BackupRecord[] = [];
  const relocated: Reconciled['relocated'] = [];
  for (const r of byId.values()) {
    const folder = where.get(r.id);
    if (!folder) dropped.push(r);
    else if (folder !== r.folder) {
      relocated.push({ id: r.id, from: r.folder, to: folder });
      records.push({ ...r, folder });
    } else records.push(r);
  }
  const unlisted = [...where.entries()].filter(([id]) => !byId.has(id)).map(([id, folder]) => ({ id, folder }));
  return { records, dropped, relocated, unlisted, duplicates: [...new Set(duplicates)] };
}
