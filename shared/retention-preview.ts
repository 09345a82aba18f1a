import { z } from 'zod';
import { BackupFolderName, BackupId } from './vault.js';

/** `settings.retentionPreview`: which backups the next run would delete under these counts. */
export const RetentionPreviewInput = z
  .object({
    recent: z.number().int().min(1).max(99),
    archive: z.number().int().min(0).max(99),
  })
  .strict();
export type RetentionPreviewInput = z.infer<typeof RetentionPreviewInput>;

export const RetentionPreviewDelete = z.object({
  id: BackupId,
  folder: BackupFolderName,
  /** ISO-8601 local time with offset, as in BACKUP.LOG. */
  started: z.string(),
  result: z.string(),
});
export type RetentionPreviewDelete = z.infer<typeof RetentionPreviewDelete>;

export const RetentionPreview = z.object({
  /** Deleted by the next run's cleanup under the proposed counts. */
  deletes: z.array(RetentionPreviewDelete),
  /** Of those, the ones today's counts would have kept: the change itself deletes them. */
  causedByChange: z.array(BackupId),
});
export type RetentionPreview = z.infer<typeof RetentionPreview>;
