import type { ManifestReader } from './manifest-reader.js';

// How much of a MANIFEST.json laid out otherwise than HotBackup writes it (crafted, or rewritten
// by hand) is read: the Director reads manifests on its own thread, so nothing here may take one
// long blocking piece. What HotBackup writes (one entry a line, in tar order) is never refused.

/**
 * Longest line read: an entry line is at most tens of KiB (a 4 KiB path escaped, its bytes in
 * base64, a link target). A longer line (all entries on one line) is never gathered: it is the
 * sign of a manifest laid out otherwise.
 */
export const MAX_LINE = 1024 * 1024;
/**
 * Largest manifest laid out otherwise that is parsed in one piece (tens of milliseconds). A bigger
 * one would hold the Director's thread for seconds: it is refused (ManifestRefused).
 */
export const MAX_WHOLE_BYTES = 4 * 1024 * 1024;
/**
 * Most entries listed out of tar order that are read: finding them in the archive needs their
 * offsets sorted, done in one piece for this many at most. HotBackup writes them in order.
 */
export const MAX_UNORDERED_ENTRIES = 100_000;

/** A manifest this reader will not read in bounded pieces: the message names the file, why and the fix. */
export class ManifestRefused extends Error {}

const FIX = 'Put back the MANIFEST.json the backup wrote, or restore this backup with its RESTORE.sh (plain tar, no manifest needed).';

export const refuseWhole = (where: string, size: number): ManifestRefused =>
  new ManifestRefused(
    `${where} is not laid out as HotBackup writes it (one entry a line; this one has a line over ${MAX_LINE / 1024 / 1024} MiB, or another layout) and, at ${(size / 1024 / 1024).toFixed(1)} MiB, is too big to read in one piece: ` +
      `it was rewritten by hand or by another tool. ${FIX}`,
  );

/** Entries with offsets but out of tar order, more than can be sorted in one short piece: refused. */
export function refuseUnordered(r: Pick<ManifestReader, 'ascending' | 'count' | 'hasOffsets'>, where: string): void {
  if (r.ascending || r.count <= MAX_UNORDERED_ENTRIES || !r.hasOffsets) return;
  throw new ManifestRefused(
    `${where} lists its ${r.count} entries out of tar order (HotBackup writes them in the order of the archive): it was rewritten by hand or by another tool, and more than ${MAX_UNORDERED_ENTRIES} entries out of order are not sorted here. ${FIX}`,
  );
}
