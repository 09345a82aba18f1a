import type { ManifestListingEntry } from '../../shared/restore-wizard.js';

type Key = string | number;

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

function descendants(roots: readonly TreeNode[], path: string): string[] {
  const out: string[] = [];
  const walk = (nodes: readonly TreeNode[]) => {
    for (const n of nodes) {
      if (n.path === path) collect(n.children);
      else if (isUnder(path, n.path)) walk(n.children);
    }
  };
  const collect = (nodes: readonly TreeNode[]) => nodes.forEach((n) => (out.push(n.path), collect(n.children)));
  walk(roots);
  return out;
}

/**
 * Ticking a folder ticks everything in it; unticking it (or anything in it) unticks the folder and
 * its contents, or just the folder's parents, so what is shown ticked is what gets restored.
 */
export function cascadeSelection(roots: readonly TreeNode[], before: Iterable<Key> | 'all', after: Iterable<Key> | 'all'): Set<string> {
  const all = new Set<string>();
  const walk = (nodes: readonly TreeNode[]) => nodes.forEach((n) => (all.add(n.path), walk(n.children)));
  walk(roots);
  if (after === 'all') return all;
  const prev = before === 'all' ? all : new Set([...before].map(String));
  const next = new Set([...after].map(String));
  for (const p of next) if (!prev.has(p)) descendants(roots, p).forEach((d) => next.add(d));
  for (const p of prev) {
    if (next.has(p)) continue;
    descendants(roots, p).forEach((d) => next.delete(d));
    for (const q of [...next]) if (isUnder(p, q)) next.delete(q);
  }
  return next;
}

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
