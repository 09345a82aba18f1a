import { z } from 'zod';
import { RetentionSettings } from './settings.js';
import { BackupFolderName, BackupId } from './vault.js';

/** `settings.retentionPreview`: which backups the next run would delete under these counts. */
/** The same checks and messages as the saved `retention` counts ("Recent must be at least 1"). */
export const RetentionPreviewInput = RetentionSettings.strict();
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

/**
 * The counts to preview when a save lowers Recent or Archive (lower counts delete backups at the
 * next run), else null. The console and `hotbackup settings set` both ask through this.
 */
export function loweredRetention(
  current: { recent: number; archive: number },
  proposed: { recent?: number; archive?: number } | undefined,
): RetentionPreviewInput | null {
  if (!proposed) return null;
  const next = { recent: proposed.recent ?? current.recent, archive: proposed.archive ?? current.archive };
  return next.recent < current.recent || next.archive < current.archive ? next : null;
}

/** Only backups the change itself deletes are asked about (the rest would go at the next run anyway). */
export const needsRetentionConfirm = (p: RetentionPreview): boolean => p.causedByChange.length > 0;
