import type { OffsiteCopyOnTarget } from '../../../shared/offsite.js';
import { BACKUP_ID_PATTERN } from '../../../shared/vault.js';
import { catIndexArgs, OFFSITE_INDEX, parseOffsiteIndex, type OffsiteIndex } from './offsite-index.js';
import { rclone, rcloneRaw, remoteJoin, type RcloneTarget } from './rclone.js';

interface ListedFile {
  Path: string;
  Size: number;
  IsDir: boolean;
  Hashes?: Record<string, string>;
}

/** One backup's folder on a target: its files (name → size, hashes) and its index when complete. */
export interface CopyOnTarget {
  backupId: string;
  files: Map<string, { size: number; hashes: Record<string, string> }>;
  index: OffsiteIndex | null;
}

/** Every copy on a target, oldest ID first. A folder without a readable index is incomplete. */
export async function listCopies(t: RcloneTarget, signal?: AbortSignal, withHashes = false): Promise<CopyOnTarget[]> {
  // A target folder not made yet holds no copies (rclone says "directory not found").
  const listed = await rcloneRaw(t, ['lsjson', '-R', '--max-depth', '2', ...(withHashes ? ['--hash'] : []), t.root], { signal });
  if (listed.code !== 0) {
    if (/directory not found/i.test(listed.stderr)) return [];
    await rclone(t, ['lsjson', '--max-depth', '1', t.root], { signal });
  }
  const entries = JSON.parse(listed.stdout || '[]') as ListedFile[];
  const byId = new Map<string, CopyOnTarget>();
  for (const e of entries) {
    const [dir, name, more] = e.Path.split('/');
    if (!dir || !BACKUP_ID_PATTERN.test(dir) || more !== undefined) continue;
    const copy = byId.get(dir) ?? { backupId: dir, files: new Map(), index: null };
    byId.set(dir, copy);
    if (name && !e.IsDir) copy.files.set(name, { size: e.Size, hashes: lowerKeys(e.Hashes ?? {}) });
  }
  const copies = [...byId.values()].sort((a, b) => a.backupId.localeCompare(b.backupId));
  for (const c of copies) {
    if (!c.files.has(OFFSITE_INDEX)) continue;
    const text = await rclone(t, catIndexArgs(remoteJoin(t.root, c.backupId, OFFSITE_INDEX)), { signal });
    try {
      c.index = parseOffsiteIndex(text, remoteJoin(t.root, c.backupId));
    } catch {
      c.index = null;
    }
  }
  return copies;
}

const lowerKeys = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v.toLowerCase()]));

/** A copy as the contract lists it. */
export function copyView(c: CopyOnTarget): OffsiteCopyOnTarget {
  const parts = [...c.files.keys()].filter((n) => /^BACKUP\.(age\.)?\d{3,}$/.test(n));
  return {
    backupId: c.backupId,
    complete: c.index !== null,
    encrypted: c.index ? c.index.encrypted : parts.some((n) => n.startsWith('BACKUP.age.')),
    parts: parts.length,
    bytes: [...c.files.values()].reduce((s, f) => s + f.size, 0),
    copied: c.index?.copied ?? null,
  };
}
