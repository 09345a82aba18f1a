import type { ManifestListingEntry } from '../../shared/vault-browse.js';

// The restore wizard's file tree, built from a backup's manifest, and what a selection in it means.

export interface TreeNode {
  /** Archive path, the node's key. */
  path: string;
  name: string;
  kind: ManifestListingEntry['kind'];
  size: number;
  sha256: string | null;
  children: TreeNode[];
}

/** Folders first, then files, each by name; folders missing from the manifest are made up from their children's paths. */
export function buildTree(entries: readonly ManifestListingEntry[]): TreeNode[] {
  const byPath = new Map<string, TreeNode>();
  const roots: TreeNode[] = [];
  const node = (path: string, e?: ManifestListingEntry): TreeNode => {
    let n = byPath.get(path);
    if (!n) {
      n = { path, name: path.slice(path.lastIndexOf('/') + 1), kind: 'directory', size: 0, sha256: null, children: [] };
      byPath.set(path, n);
      const cut = path.lastIndexOf('/');
      if (cut < 0) roots.push(n);
      else node(path.slice(0, cut)).children.push(n);
    }
    if (e) Object.assign(n, { kind: e.kind, size: e.size, sha256: e.sha256 });
    return n;
  };
  for (const e of entries) node(e.path, e);
  const sort = (list: TreeNode[]) => {
    list.sort((a, b) => Number(b.kind === 'directory') - Number(a.kind === 'directory') || a.name.localeCompare(b.name));
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}

const isUnder = (path: string, folder: string) => path.startsWith(`${folder}/`);

/** The selected paths without those already inside a selected folder, sorted. */
export function minimalSelection(selected: Iterable<string>): string[] {
  const all = [...new Set(selected)].sort();
  return all.filter((p) => !all.some((q) => q !== p && isUnder(p, q)));
}

/** Files (and databases, links) and their bytes that a selection restores; no selection = everything. */
export function selectionTotals(entries: readonly ManifestListingEntry[], paths: readonly string[]): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const e of entries) {
    if (e.kind === 'directory') continue;
    if (paths.length > 0 && !paths.some((p) => e.path === p || isUnder(e.path, p))) continue;
    files++;
    bytes += e.size;
  }
  return { files, bytes };
}

/** Globs for `vault.restore`: a leading '/' anchors each at the archive root (a bare name would match at any depth). */
export const restoreGlobs = (paths: readonly string[]) => paths.map((p) => `/${p}`);
