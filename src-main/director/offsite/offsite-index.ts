import { z } from 'zod';
import { BackupId } from '../../../shared/vault.js';

// OFFSITE.json: the clear index of one copy on a target, written last (its presence means the
// copy is complete). It names only HotBackup's own files (parts, encrypted logs, the restore
// script) with their sizes and hashes, never a client file name, so the Vault lists and checks
// copies without the key. Format 1.

export const OFFSITE_INDEX = 'OFFSITE.json';
export const OFFSITE_INDEX_FORMAT = 1;

export const IndexedFile = z.object({
  name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  md5: z.string().regex(/^[0-9a-f]{32}$/),
});
export type IndexedFile = z.infer<typeof IndexedFile>;

export const OffsiteIndex = z.object({
  format: z.literal(OFFSITE_INDEX_FORMAT),
  backupId: BackupId,
  /** The run's place in its HotBackup folder's order (retention on the target orders by it). */
  seq: z.number().int().positive().nullable(),
  encrypted: z.boolean(),
  /** When the copy was completed (ISO). */
  copied: z.string(),
  /** Every file of the copy in the order it was sent; the volumes (or parts) first. */
  files: z.array(IndexedFile),
});
export type OffsiteIndex = z.infer<typeof OffsiteIndex>;

export const formatOffsiteIndex = (i: OffsiteIndex): string => JSON.stringify(i, null, 1) + '\n';

/** Longest index read (a copy of 10,000 parts has ~2.5 MB); a target's longer file is read only this far. */
export const OFFSITE_INDEX_MAX_BYTES = 16 * 1024 * 1024;

/** rclone's arguments to read a copy's index: at most one byte more than any index has. */
export const catIndexArgs = (path: string): string[] => ['cat', '--count', String(OFFSITE_INDEX_MAX_BYTES + 1), path];

/** The index's text read, or why it cannot be (names the copy). */
export function parseOffsiteIndex(text: string, where: string): OffsiteIndex {
  if (Buffer.byteLength(text) > OFFSITE_INDEX_MAX_BYTES) throw new Error(`${where}/${OFFSITE_INDEX} is larger than any index HotBackup writes (over 16 MiB): the copy is damaged; copy the backup again`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${where}/${OFFSITE_INDEX} is not JSON: the copy is damaged; copy the backup again`);
  }
  const parsed = OffsiteIndex.safeParse(json);
  if (!parsed.success) throw new Error(`${where}/${OFFSITE_INDEX} is not an index this HotBackup reads (${parsed.error.issues[0]?.message}): copy the backup again, or use a newer HotBackup`);
  return parsed.data;
}

/** Names of the volumes' parts: BACKUP.age.001 … (three digits at least, so `BACKUP.age.0*` globs them in order up to 999). */
export const partName = (n: number): string => `BACKUP.age.${String(n).padStart(3, '0')}`;
