// The engine's only face: director/ and hosts/ import the engine from here (lint forbids deep imports).
// One HotBackup run and the backups it leaves: plan, snapshot, stream, validate, restore, browse,
// retention, the vault (the HotBackup folder and its logs) and the worker thread. See README.md here.

export { loadBrowsableBackup } from './browse/browse-backup.js';
export type { BrowsableBackup } from './browse/browse-backup.js';
export { selectionTotals } from './browse/browse-index.js';
export { queryBrowse } from './browse/browse-query.js';
export { volumeProblems } from './browse/volume-damage.js';
export { CancelledError, causeWords, errnoWords, isDiskFull, RunError, StuckError } from './errors.js';
export { probeHotBackupFolder } from './fs/folder-probe.js';
export { realPathOf } from './fs/real-path.js';
export { readManifestHead } from './manifest/manifest-reader.js';
export { loadManifestKey } from './manifest/manifest-signature.js';
export { keyShown, keyText, textKey } from './fs/raw-names.js';
export { excludeMatcher } from './plan/glob-match.js';
export { listManifest } from './restore/manifest-listing.js';
export { readBackupFile } from './restore/read-entry.js';
export { checkRestoreFolder, restoreBackup } from './restore/restore-backup.js';
export { restoreOver, rollBackRestoreOver } from './restore/restore-over.js';
export { deleteBackup } from './retention/delete-backup.js';
export { applyRetention } from './retention/retention-apply.js';
export { nextRunDeletes } from './retention/retention-decision.js';
export { lockedRunBackup } from './run/locked-run.js';
export { recoverInterrupted } from './run/recover-interrupted.js';
export { failedResult, settleFailedRun, settleFolderRecord } from './run/run-ending.js';
export { runBackup } from './worker/run-in-worker.js';
export type { CleanupContext, ProgressEvent, RunBackupOptions, RunBackupResult, UserTaskRecord } from './run/run-types.js';
export { verifyStoredBackup } from './validate/verify-stored.js';
export { readBackupLog } from './vault/backup-log.js';
export { findBackup } from './vault/backup-lookup.js';
export { formatBytes } from './vault/disk-space.js';
export { adoptDriveAt } from './vault/drive-adopt.js';
export { DRIVE_REGISTRY_NAME } from './vault/drive-identity.js';
export { hbLogAppender, readHbLog } from './vault/stored-hb-log.js';
export { showBackup } from './vault/show-backup.js';
export { loadVault } from './vault/vault-store.js';
export type { LoadVaultOptions } from './vault/vault-store.js';
export { dropWarmWorker, warmBackupWorker } from './worker/warm-worker.js';
