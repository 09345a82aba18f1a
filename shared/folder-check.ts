import { z } from 'zod';

/** `folder.check`: can this path be the HotBackup folder, and how much room does its drive have. */
export const FolderCheckInput = z.object({ path: z.string() }).strict();
export const FolderCheck = z.object({
  path: z.string(),
  /** Why it cannot be the HotBackup folder (relative, UNC, not writable…), or null. */
  problem: z.string().nullable(),
  /** Free bytes on the drive that holds it (or would hold it), null when unknown. */
  freeBytes: z.number().nullable(),
  /** Whether the folder exists already (else it is created at the first backup). */
  exists: z.boolean(),
});
export type FolderCheck = z.infer<typeof FolderCheck>;
