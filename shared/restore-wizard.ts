import { z } from 'zod';
import { GlobPattern, MAX_PATTERNS } from './settings.js';
import { BackupId } from './vault.js';
import { RawArchivePath } from './raw-path.js';

// Requests the Vault tab needs beyond list/show/verify/restore/delete: the manifest as a
// browsable listing (the restore tree) and a restore over the original data directories.

export const ManifestEntryKind = z.enum(['file', 'sqlite', 'directory', 'symlink']);
export type ManifestEntryKind = z.infer<typeof ManifestEntryKind>;

/** One entry of MANIFEST.json as the console shows it. */
export const ManifestListingEntry = z.object({
  /** Path inside the archive: `<top folder>/<relative path>`, '/'-separated. */
  path: z.string(),
  kind: ManifestEntryKind,
  size: z.number().nonnegative(),
  sha256: z.string().nullable(),
});
export type ManifestListingEntry = z.infer<typeof ManifestListingEntry>;

export const ManifestInput = z
  .object({
    id: BackupId,
    /** false: only where each top folder came from and the suggested folder (a restore chosen in Browse needs no file list). */
    entries: z.boolean().default(true),
  })
  .strict();

/**
 * At most this many entries in a `vault.manifest` answer (issue 16: memory does not grow with the
 * number of files); a bigger backup is chosen from in Browse, which pages its folders.
 */
export const LISTING_MAX_ENTRIES = 10_000;

/** `vault.manifest`: what a backup holds, where each top folder came from, and a new folder to restore into. */
export const ManifestListing = z.object({
  id: BackupId,
  dataDirectories: z.array(z.object({ path: z.string(), label: z.string(), top: z.string() })),
  /** The first entries, in the manifest's order, up to LISTING_MAX_ENTRIES (none when not asked for). */
  entries: z.array(ManifestListingEntry).max(LISTING_MAX_ENTRIES),
  /** The whole backup: every entry, and its files (all but folders) and their bytes, listed or not. */
  total: z.object({ entries: z.number().int().nonnegative(), files: z.number().int().nonnegative(), bytes: z.number().nonnegative() }),
  /** An empty folder that does not exist yet, outside the HotBackup folder: the wizard's default target. */
  suggestedFolder: z.string(),
});
export type ManifestListing = z.infer<typeof ManifestListing>;

export const RestoreOverInput = z
  .object({
    id: BackupId,
    /** Archive paths (files or folders) to put back; empty = everything. */
    paths: z.array(GlobPattern).max(MAX_PATTERNS, { error: `at most ${MAX_PATTERNS} paths` }).default([]),
    /** Archive paths by their exact bytes (base64; a folder: everything below it), no globs: what Browse ticks. With `paths`: either selects. */
    exact: z.array(RawArchivePath).max(MAX_PATTERNS, { error: `at most ${MAX_PATTERNS} paths` }).default([]),
    /** Who asked, recorded on the exclusive task the restore runs as. */
    user: z.string().max(200).default(''),
  })
  .strict();
export type RestoreOverInput = z.infer<typeof RestoreOverInput>;

/** `vault.restoreOver`: files put back into each original data directory. */
export const RestoreOverSummary = z.object({
  id: BackupId,
  directories: z.array(z.object({ path: z.string(), top: z.string(), files: z.number().int(), bytes: z.number() })),
  files: z.number().int(),
  bytes: z.number(),
  /** Stale SQLite `-wal`/`-shm`/`-journal` files removed next to restored databases. */
  removedSidecars: z.array(z.string()),
  /** What was restored differently from the archive, and why (a setuid/setgid bit dropped), naming each entry. */
  notes: z.array(z.string()).optional(),
});
export type RestoreOverSummary = z.infer<typeof RestoreOverSummary>;
