import { z } from 'zod';

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
});
export type BackupRecord = z.infer<typeof BackupRecord>;
