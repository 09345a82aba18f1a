import { z } from 'zod';
import { GlobPattern, MAX_PATTERNS } from './settings.js';
import { BackupId } from './vault.js';
import { ManifestEntryKind } from './restore-wizard.js';
import { RawArchivePath } from './raw-path.js';

// The Browse view's requests: one folder (or one search) of a backup at a time, a page at a
// time, so a backup of a million files never travels to the console whole.

export const BROWSE_PAGE_MAX = 500;
export const BrowseSort = z.enum(['name', 'size', 'mtime']);
export type BrowseSort = z.infer<typeof BrowseSort>;

/** An archive path inside the backup ('' = the backup's top level); never '..' or absolute. */
export const ArchivePath = z
  .string()
  .max(4096)
  .refine((p) => p === '' || (!p.startsWith('/') && !p.endsWith('/') && p.split('/').every((s) => s !== '' && s !== '.' && s !== '..')), {
    error: 'an archive path is folder/name inside the backup, without "..", "." or a leading "/"',
  });

export const BrowseInput = z
  .object({
    id: BackupId,
    /** The folder shown ('' = the top level: one folder per data directory). */
    folder: ArchivePath.default(''),
    /** The folder's exact bytes (base64): a folder whose name is not UTF-8. Wins over `folder`. */
    folderBytes: RawArchivePath.optional(),
    /** Names containing this text (any case), anywhere in the backup; '' = the folder's own entries. */
    search: z.string().max(200).default(''),
    sort: BrowseSort.default('name'),
    direction: z.enum(['ascending', 'descending']).default('ascending'),
    offset: z.number().int().nonnegative().default(0),
    limit: z.number().int().positive().max(BROWSE_PAGE_MAX).default(200),
    /** Paths ticked in the view: their totals (files, bytes, damaged) come back in `selection`. */
    selected: z.array(GlobPattern).max(MAX_PATTERNS, { error: `at most ${MAX_PATTERNS} paths` }).default([]),
    /** The same by exact bytes (base64, a row's `pathBytes` or its UTF-8 path): what the Browse view sends. */
    selectedBytes: z.array(RawArchivePath).max(MAX_PATTERNS, { error: `at most ${MAX_PATTERNS} paths` }).default([]),
  })
  .strict();
export type BrowseInput = z.input<typeof BrowseInput>;

export const BrowseRow = z.object({
  /** The name for people: its bytes as UTF-8, written by shownName (a byte that is not UTF-8 as `\xe9`). */
  name: z.string(),
  /** Archive path: `<top folder>/<relative path>`, as UTF-8 text (bytes that are not UTF-8 read U+FFFD). */
  path: z.string(),
  /** The path's exact bytes (base64), only when they are not UTF-8: two such rows can share `path`. */
  pathBytes: z.string().optional(),
  kind: ManifestEntryKind,
  /** A file's bytes; a folder's: all the files below it. */
  size: z.number().nonnegative(),
  /** Last modified (ISO-8601 UTC); null for a folder the manifest does not list itself. */
  mtime: z.string().nullable(),
  /** Folders: how many entries directly inside. */
  items: z.number().int().nonnegative().nullable(),
  /** Why this file (or, for a folder, files inside it) cannot be restored, or null. */
  damaged: z.string().nullable(),
});
export type BrowseRow = z.infer<typeof BrowseRow>;

export const BrowseListing = z.object({
  id: BackupId,
  folder: z.string(),
  search: z.string(),
  /** Rows of the folder (or search) in this order, from `offset`. */
  rows: z.array(BrowseRow),
  offset: z.number().int(),
  /** How many rows the folder (or search) has in all. */
  total: z.number().int(),
  /** A search stopped at this many matches (type more of the name), else null. */
  capped: z.number().int().nullable(),
  /** Files and bytes in the whole backup. */
  totals: z.object({ files: z.number().int(), bytes: z.number() }),
  /** Damage known before any restore: volumes missing or short, the last verify's verdict. */
  damage: z.object({
    badVolumes: z.array(z.object({ name: z.string(), problem: z.string() })),
    /** The last verify's summary when it found damage, else null. */
    verdict: z.string().nullable(),
    /** Files that cannot be restored because of the bad volumes. */
    damagedFiles: z.number().int(),
  }),
  selection: z.object({ files: z.number().int(), bytes: z.number(), damagedFiles: z.number().int() }),
});
export type BrowseListing = z.infer<typeof BrowseListing>;

export const DownloadTicketInput = z
  .object({
    id: BackupId,
    path: ArchivePath.refine((p) => p !== '', { error: 'name a file' }),
    /** The file's exact bytes (base64): a name that is not UTF-8. Wins over `path`. */
    pathBytes: RawArchivePath.optional(),
  })
  .strict();

/** `vault.downloadTicket`: a one-time address the browser downloads the file from (GET, no other key needed). */
export const DownloadTicket = z.object({
  /** `/api/download/<ticket>`: relative to the Director's console address. */
  url: z.string(),
  name: z.string(),
  size: z.number().nonnegative(),
  /** When the address stops working if unused (ISO-8601). */
  expiresAt: z.string(),
});
export type DownloadTicket = z.infer<typeof DownloadTicket>;
