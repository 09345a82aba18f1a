import { z } from 'zod';
import { GlobPattern, MAX_PATTERNS } from './settings.js';
import { RawArchivePath } from './raw-path.js';

export const BACKUP_ID_PATTERN = /^\d{6}(0[1-9]|[1-9]\d)$/;
export const BackupId = z.string().regex(BACKUP_ID_PATTERN, { error: 'a HotBackup ID is YYMMDDNN, e.g. 26112601' });

export const BackupFolderName = z.enum(['Recent', 'Archive', 'Failed']);
export type BackupFolderName = z.infer<typeof BackupFolderName>;

export const BackupResult = z.enum(['In Progress', 'Succeeded', 'Failed']);
export type BackupResult = z.infer<typeof BackupResult>;

/** One line of BACKUP.LOG, and one row of the Vault. */
export const BackupRecord = z.object({
  id: BackupId,
  trigger: z.string(),
  /** ISO-8601 local time with offset */
  started: z.string(),
  ended: z.string().nullable(),
  result: BackupResult,
  folder: BackupFolderName,
  user: z.string(),
  task: z.string(),
  files: z.number().int().nonnegative().nullable(),
  bytes: z.number().nonnegative().nullable(),
  error: z.string(),
  /** True when the folder was found on disk with no BACKUP.LOG line for it. */
  foundOnDisk: z.boolean().default(false),
  /**
   * The run's place in the order runs were made in this HotBackup folder (1, 2, 3…; BACKUP.LOG
   * field 12). Retention orders by it, never by the date in the ID, which a wrong clock can make
   * lie. Absent for backups made before it was recorded: they are older than every one with it.
   */
  seq: z.number().int().positive().optional(),
});
export type BackupRecord = z.infer<typeof BackupRecord>;

// ---- Vault requests (list, show, verify, restore, delete) and events ----

export const BackupIdInput = z.object({ id: BackupId }).strict();

export const DamagedLine = z.object({ line: z.string(), reason: z.string() });

/** The last verify of one stored backup (scheduled or pressed), kept in the config directory. */
export const StoredVerdict = z.object({
  id: BackupId,
  /** When it was verified (ISO-8601 local time with offset). */
  at: z.string(),
  ok: z.boolean(),
  /** In words: what matched, or what is damaged. */
  summary: z.string(),
  scheduled: z.boolean(),
  /** (verify-results.json 2) The damaged volumes by name and problem, so Browse can mark the files in them. */
  badVolumes: z.array(z.object({ name: z.string(), problem: z.string() })).optional(),
  /** (verify-results.json 2) Up to 1000 damaged entries by archive path. */
  badEntries: z.array(z.object({ path: z.string(), problem: z.string() })).optional(),
});
export type StoredVerdict = z.infer<typeof StoredVerdict>;

/** `vault.list`: every backup in the HotBackup folder, plus what had to be repaired in BACKUP.LOG. */
export const VaultListing = z.object({
  hotBackupFolder: z.string(),
  records: z.array(BackupRecord),
  damaged: z.array(DamagedLine),
  /** Where the damaged lines were kept aside (`BACKUP.LOG.damaged-<time>`), when they were. */
  damagedFile: z.string().nullable(),
  rebuilt: z.boolean(),
  /** Repairs in words: dropped lines, found-on-disk folders, rebuilt log. */
  messages: z.array(z.string()),
  /** The last verify of each backup that was verified (scheduled or pressed). */
  verifications: z.array(StoredVerdict).optional(),
});
export type VaultListing = z.infer<typeof VaultListing>;

export const HbLogLine = z.object({ time: z.string(), code: z.string(), detail: z.string() });
export type HbLogLine = z.infer<typeof HbLogLine>;

/** `vault.show`: one backup's record and its HB.LOG. */
export const BackupDetail = z.object({
  record: BackupRecord,
  path: z.string(),
  /** null when the folder has no HB.LOG. */
  log: z.array(HbLogLine).nullable(),
  volumes: z.array(z.object({ name: z.string(), size: z.number() })),
  compression: z.string().nullable(),
});
export type BackupDetail = z.infer<typeof BackupDetail>;

export const VerifyResult = z.object({
  id: BackupId,
  ok: z.boolean(),
  volumesChecked: z.number().int(),
  badVolumes: z.array(z.object({ name: z.string(), problem: z.string() })),
  entriesExpected: z.number().int(),
  entriesChecked: z.number().int(),
  /** The first bad entries (at most 1,000); `badEntriesTotal` counts them all. */
  badEntries: z.array(z.object({ path: z.string(), problem: z.string(), volume: z.string().nullable() })),
  /** Every bad entry, named or not (absent: as many as `badEntries` names). */
  badEntriesTotal: z.number().int().nonnegative().optional(),
  problems: z.array(z.string()),
  /** MANIFEST.sig against this installation's key: a mismatch makes the backup not ok. */
  signature: z.enum(['valid', 'missing', 'mismatch', 'unchecked']).optional(),
  /** Why the verdict could not be written to the backup's HB.LOG (a read-only HotBackup folder), or null. */
  notRecorded: z.string().nullable().optional(),
});
export type VerifyResult = z.infer<typeof VerifyResult>;

/** How many entries a verify found bad, those it names and those it only counted. */
export const badEntryCount = (v: Pick<VerifyResult, 'badEntries' | 'badEntriesTotal'>): number => v.badEntriesTotal ?? v.badEntries.length;

export const RestoreInput = z
  .object({
    id: BackupId,
    /** An absolute folder that is empty or does not exist yet. */
    to: z.string().min(1),
    /** Globs of archive paths (e.g. `Clients/**`, `*.db`); empty = everything. */
    paths: z.array(GlobPattern).max(MAX_PATTERNS, { error: `at most ${MAX_PATTERNS} paths` }).default([]),
    /** Archive paths by their exact bytes (base64; a folder: everything below it), no globs: what Browse ticks. With `paths`: either selects. */
    exact: z.array(RawArchivePath).max(MAX_PATTERNS, { error: `at most ${MAX_PATTERNS} paths` }).default([]),
  })
  .strict();
export type RestoreInput = z.infer<typeof RestoreInput>;

/**
 * `vault.restoreNew` (operator): restore into a new folder the Director makes inside the
 * configured restore folder (`restore.folder`), named `<ID>-<time>`. There is no `to`: a
 * client never names a server path here (an unknown key is refused).
 */
export const RestoreNewInput = RestoreInput.omit({ to: true }).strict();
export type RestoreNewInput = z.infer<typeof RestoreNewInput>;

export const RestoreSummary = z.object({
  id: BackupId,
  to: z.string(),
  files: z.number().int(),
  directories: z.number().int(),
  symlinks: z.number().int(),
  bytes: z.number(),
  /** Archive entries not selected by `paths`. */
  skipped: z.number().int(),
  /** Selected entries that could not be restored (damaged or missing volume or member), with why; the rest were restored. */
  failed: z.array(z.object({ path: z.string(), problem: z.string() })).default([]),
  /** What was restored differently from the archive, and why (e.g. a setuid bit dropped). */
  notes: z.array(z.string()).optional(),
});
export type RestoreSummary = z.infer<typeof RestoreSummary>;

/** `vault.progress`: sent to the caller of `vault.restore` (and `vault.verify`) only. */
export const VaultProgress = z.object({
  id: BackupId,
  operation: z.enum(['restore', 'verify']),
  step: z.enum(['checking', 'restoring', 'verifying']),
  bytesDone: z.number(),
  bytesTotal: z.number(),
  current: z.string().nullable(),
});
export type VaultProgress = z.infer<typeof VaultProgress>;

export const DeleteResult = z.object({ deleted: z.array(BackupId) });
export type DeleteResult = z.infer<typeof DeleteResult>;

/** `vault.changed`: broadcast after anything changed the HotBackup folder; clients list again. */
export const VaultChanged = z.object({ reason: z.string(), ids: z.array(z.string()) });
export type VaultChanged = z.infer<typeof VaultChanged>;
