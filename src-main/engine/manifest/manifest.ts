import type { EngineSettings } from '../../../shared/settings.js';
import type { EntryKind } from '../plan/plan-types.js';
import { manifestShapeProblems } from './manifest-shape.js';
import type { VolumeInfo } from '../stream/volume-writer.js';

export const MANIFEST_NAME = 'MANIFEST.json';
export const MANIFEST_FORMAT = 1;

export interface ManifestEntry {
  /** Path inside the tar ('/'-separated, folders without the trailing slash). */
  path: string;
  kind: EntryKind;
  size: number;
  mode: number;
  /** ISO-8601 UTC */
  mtime: string;
  /** Files and databases; null for folders and links. */
  sha256: string | null;
  linkTarget?: string;
  /** Where it came from on disk. */
  source: string;
  /** Byte offset of the entry's first header block in the (uncompressed) tar stream (format 1 writers may omit it). */
  offset?: number;
  unsettled?: string;
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
  volumes: VolumeInfo[];
  entries: ManifestEntry[];
}

/**
 * JSON with one volume and one entry per line, so RESTORE.sh can read the volume list and
 * hashes with `sed` alone and a diff of two manifests stays readable.
 */
export function formatManifest(m: Manifest): string {
  const { volumes, entries, ...head } = m;
  const headJson = JSON.stringify(head, null, 2).replace(/\n}$/, '');
  const list = (items: unknown[]) => (items.length ? `[\n${items.map((x) => `    ${JSON.stringify(x)}`).join(',\n')}\n  ]` : '[]');
  return `${headJson},\n  "volumes": ${list(volumes)},\n  "entries": ${list(entries)}\n}\n`;
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
  return o as Manifest;
}
