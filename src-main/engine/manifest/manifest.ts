import type { EngineSettings } from '../../../shared/settings.js';
import type { EntryKind } from '../plan/plan-types.js';
import { manifestShapeProblems } from './manifest-shape.js';
import { bytesOf } from '../fs/raw-names.js';

export const MANIFEST_NAME = 'MANIFEST.json';

/** One volume of the archive as the manifest lists it: BACKUP.NNN, its size in bytes, its SHA-256 (hex). */
export interface VolumeInfo {
  name: string;
  size: number;
  sha256: string;
}
/**
 * 1: entries with path, kind, size, mode, mtime, sha256, linkTarget, source, offset.
 * 2: names as bytes (`pathBytes`, `linkBytes`, `sourceBytes` in base64 when not UTF-8), hard links
 *    (`hardlink`), sparse files (`sparse`), owners (`uid`, `gid`, `uname`, `gname`), the gzip member
 *    index (`members`, `memberSize`). Every field of 1 keeps its meaning; readers accept both.
 */
export const MANIFEST_FORMAT = 2;

export interface ManifestEntry {
  /** Path inside the tar ('/'-separated, folders without the trailing slash), as UTF-8 text. */
  path: string;
  /** The exact bytes of the path (base64) when they are not valid UTF-8. */
  pathBytes?: string;
  kind: EntryKind;
  /** Bytes of content (a hard link: of the file it links to; a sparse file: its logical size). */
  size: number;
  mode: number;
  /** ISO-8601 UTC */
  mtime: string;
  /** Files and databases; null for folders and links. */
  sha256: string | null;
  /** Symbolic links: the link text. Hard links: the archive path of the entry holding the content. */
  linkTarget?: string;
  linkBytes?: string;
  /** A file stored as a tar hard link to `linkTarget` (an earlier entry), not a second copy. */
  hardlink?: boolean;
  /** Stored in GNU sparse format 1.0: only its data segments are in the archive. */
  sparse?: boolean;
  uid?: number;
  gid?: number;
  uname?: string;
  gname?: string;
  /** Where it came from on disk. */
  source: string;
  sourceBytes?: string;
  /** Byte offset of the entry's first header block in the (uncompressed) tar stream (format 1 writers may omit it). */
  offset?: number;
  unsettled?: string;
}

/** One gzip member: it starts at `offset` in volume number `volume` (1 = BACKUP.001) and holds the tar from byte `tar` on. */
export interface ManifestMember {
  volume: number;
  offset: number;
  tar: number;
}

export interface Manifest {
  format: number;
  id: string;
  /** When the snapshot point was reached (databases fixed), ISO-8601 local with offset. */
  snapshotAt: string;
  settings: EngineSettings;
  /** `id`: the data directory's stable ID from the settings (added in this format; absent in older backups). */
  dataDirectories: { id?: string; path: string; label: string; top: string }[];
  totals: { entries: number; files: number; bytes: number; tarBytes: number };
  /** Tar bytes per gzip member (format 2, gzip). */
  memberSize?: number;
  volumes: VolumeInfo[];
  /** Format 2, gzip: each member of the compressed stream, in order. */
  members?: ManifestMember[];
  entries: ManifestEntry[];
}

export const entryPathBytes = (e: ManifestEntry): Buffer => bytesOf(e.path, e.pathBytes);
export const entryLinkBytes = (e: ManifestEntry): Buffer => bytesOf(e.linkTarget ?? '', e.linkBytes);

/** Everything but the entries: small whatever the number of files. */
export type ManifestHead = Omit<Manifest, 'entries'>;

const jsonList = (items: readonly unknown[]) => (items.length ? `[\n${items.map((x) => `    ${JSON.stringify(x)}`).join(',\n')}\n  ]` : '[]');

/** The text before the entry list: the head fields, the volumes and the members, up to `"entries": `. */
export function manifestPrefix(m: ManifestHead): string {
  const { volumes, members, ...head } = m;
  const headJson = JSON.stringify(head, null, 2).replace(/\n}$/, '');
  return `${headJson},\n  "volumes": ${jsonList(volumes)},\n${members ? `  "members": ${jsonList(members)},\n` : ''}  "entries": `;
}

/** One entry's line inside the entry list (`first`: no comma before it). */
export const manifestEntryLine = (e: ManifestEntry, first: boolean): string => `${first ? '' : ',\n'}    ${JSON.stringify(e)}`;
export const MANIFEST_ENTRIES_OPEN = '[\n';
export const MANIFEST_ENTRIES_CLOSE = '\n  ]';
export const MANIFEST_SUFFIX = '\n}\n';

/**
 * JSON with one volume, member and entry per line, so RESTORE.sh can read the volume list and
 * hashes with `sed` alone, a diff of two manifests stays readable, and a reader can take the
 * entries one line at a time (manifest-reader.ts). The run writes the same bytes streamed (manifest-writer.ts).
 */
export function formatManifest(m: Manifest): string {
  const { entries, ...head } = m;
  return `${manifestPrefix(head)}${jsonList(entries)}${MANIFEST_SUFFIX}`;
}

export function parseManifest(text: string, where: string): Manifest {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch (err) {
    throw new Error(`${where} is not valid JSON (${(err as Error).message}); the backup cannot be checked without it.`);
  }
  const o = m as Partial<Manifest>;
  if (typeof o !== 'object' || o === null || !Array.isArray(o.volumes) || !Array.isArray(o.entries) || typeof o.settings !== 'object' || o.settings === null) {
    throw new Error(`${where} lacks its volumes, entries or settings; the backup cannot be checked without them.`);
  }
  const problems = manifestShapeProblems(m);
  if (problems) throw new Error(`${where} is damaged (${problems.join('; ')}); the backup cannot be checked without it.`);
  if (typeof o.format === 'number' && o.format > MANIFEST_FORMAT) {
    throw new Error(`${where} has format ${o.format}, newer than this HotBackup reads (${MANIFEST_FORMAT}): update HotBackup, or restore it with its RESTORE.sh.`);
  }
  if (o.members !== undefined && !Array.isArray(o.members)) throw new Error(`${where} has a malformed member index; the backup cannot be read at random without it.`);
  return o as Manifest;
}
