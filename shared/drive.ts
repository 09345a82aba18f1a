import { z } from 'zod';

/** `drive.adopt`: the drive now at the saved HotBackup folder is one of this office's backup drives from now on. */
export const DriveAdoptInput = z.object({}).strict().default({});
export const DriveAdopted = z.object({
  folder: z.string(),
  /** The drive's identity (its HOTBACKUP.ID). */
  folderId: z.string(),
});
export type DriveAdopted = z.infer<typeof DriveAdopted>;

/** The words every "not the backup drive used before" refusal carries (engine/vault/drive-identity.ts). */
export const DRIVE_NOT_CONNECTED = 'Is the backup drive connected?';
