import { z } from 'zod';

// The shape every MANIFEST.json must have before anything trusts a field of it. A backup folder
// may be damaged or crafted: a null entry, a volume named "../x" or a top folder "a/../.." must
// give a "damaged" verdict with the reason, never a crash and never a path outside the folder.
// Unknown fields pass (later formats add fields), known ones must have their type.

const volumeName = z.string().regex(/^BACKUP\.\d{3,}$/, { error: 'is not a volume name (BACKUP.001, BACKUP.002, …)' });
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, { error: 'is not a SHA-256 (64 hex digits)' });
const size = z.number().int().nonnegative();
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, { error: 'is not base64' });
/** A top folder is one plain name inside the archive. */
const topName = z.string().regex(/^(?!\.\.?$)[^/\\]+$/, { error: 'is not a plain folder name' });

export const ManifestEntryShape = z.looseObject({
  path: z.string().min(1),
  kind: z.enum(['file', 'sqlite', 'directory', 'symlink']),
  size,
  mode: z.number().int().nonnegative(),
  mtime: z.string(),
  sha256: sha256.nullable(),
  linkTarget: z.string().optional(),
  pathBytes: base64.optional(),
  linkBytes: base64.optional(),
  hardlink: z.boolean().optional(),
  sparse: z.boolean().optional(),
  uid: size.optional(),
  gid: size.optional(),
  uname: z.string().optional(),
  gname: z.string().optional(),
  source: z.string(),
  sourceBytes: base64.optional(),
  offset: size.optional(),
  unsettled: z.string().optional(),
});

export const ManifestShape = z.looseObject({
  format: z.number().int().positive(),
  id: z.string(),
  snapshotAt: z.string().optional(),
  settings: z.looseObject({ compression: z.enum(['none', 'gzip']), volumeSize: size }),
  dataDirectories: z.array(z.looseObject({ id: z.string().optional(), path: z.string(), label: z.string(), top: topName })),
  totals: z.looseObject({}).optional(),
  volumes: z.array(z.looseObject({ name: volumeName, size, sha256 })),
  memberSize: z.number().int().positive().optional(),
  members: z.array(z.looseObject({ volume: z.number().int().positive(), offset: size, tar: size })).optional(),
  entries: z.array(ManifestEntryShape),
});

/** The first few problems of a manifest that does not have the shape, one phrase each. */
export function manifestShapeProblems(value: unknown): string[] | null {
  const r = ManifestShape.safeParse(value);
  if (r.success) return null;
  return r.error.issues.slice(0, 3).map((i) => `${i.path.length ? i.path.join('.') : '(top level)'} ${i.message}`);
}

/** The first few problems of one entry (number `index`) that does not have the shape. */
export function manifestEntryProblems(value: unknown, index: number): string[] {
  const r = ManifestEntryShape.safeParse(value);
  if (r.success) return [];
  return r.error.issues.slice(0, 3).map((i) => `${['entries', index, ...i.path].join('.')} ${i.message}`);
}
