import { HotBackupError } from '../../../shared/result.js';
import type { BrowseRow, BrowseSort } from '../../../shared/browse.js';
import { nodeAt, type BrowseIndex, type BrowseNode } from './browse-index.js';
import { keyBytes, keyShown, keyText } from '../fs/raw-names.js';
import { isUtf8 } from 'node:buffer';

// One page of a folder or of a search, in the order asked: folders first, then files; names in
// natural order (file2 before file10), any case; ties by name.

/** Natural order, as people count: "2" before "10"; "a" and "A" together. */
export const naturalCompare = new Intl.Collator('en', { numeric: true, sensitivity: 'base' }).compare;

export interface BrowseQuery {
  /** The folder as a byte string (byteKey; textKey of a typed one). */
  folder: string;
  search: string;
  sort: BrowseSort;
  direction: 'ascending' | 'descending';
  offset: number;
  limit: number;
}

/** A search stops at this many matches: past it, typing more of the name is the way to find a file. */
export const SEARCH_CAP = 5000;

function order(sort: BrowseSort, direction: 'ascending' | 'descending'): (a: BrowseNode, b: BrowseNode) => number {
  const sign = direction === 'ascending' ? 1 : -1;
  const byName = (a: BrowseNode, b: BrowseNode) => naturalCompare(a.name, b.name) || naturalCompare(a.path, b.path);
  const key = (a: BrowseNode, b: BrowseNode): number =>
    sort === 'size' ? a.size - b.size : sort === 'mtime' ? (a.mtime ?? '').localeCompare(b.mtime ?? '') : 0;
  return (a, b) => Number(b.kind === 'directory') - Number(a.kind === 'directory') || sign * (key(a, b) || byName(a, b));
}

const rowOf = (n: BrowseNode): BrowseRow => ({
  name: n.name,
  path: keyText(n.path),
  ...(isUtf8(keyBytes(n.path)) ? {} : { pathBytes: keyBytes(n.path).toString('base64') }),
  kind: n.kind,
  size: n.size,
  mtime: n.mtime,
  items: n.children ? n.children.length : null,
  damaged: n.damaged,
});

export function queryBrowse(index: BrowseIndex, q: BrowseQuery): { rows: BrowseRow[]; total: number; capped: number | null } {
  let picked: BrowseNode[];
  let capped: number | null = null;
  const needle = q.search.trim().toLowerCase();
  if (needle) {
    picked = [];
    // Over the compact nodes: only a match becomes an object.
    const st = index.store;
    const under = q.folder ? index.byPath.get(q.folder) : -1;
    for (let n = 0; n < st.count && under !== undefined; n++) {
      if (under >= 0 && (n === under || !st.isUnder(n, under))) continue;
      if (!keyShown(st.nameKey(n)).toLowerCase().includes(needle)) continue;
      if (picked.length === SEARCH_CAP) {
        capped = SEARCH_CAP;
        break;
      }
      picked.push(nodeAt(st, n));
    }
    picked.sort(order(q.sort, q.direction));
  } else {
    // A folder's order is kept for its next pages (a folder of 100,000 files is not sorted again per page).
    const key = `${q.folder}\n${q.sort}\n${q.direction}`;
    const kept = index.sorted.get(key);
    if (kept) picked = kept;
    else {
      const at = q.folder === '' ? -1 : index.byPath.get(q.folder);
      const node = at === undefined || at < 0 ? undefined : index.nodes[at];
      if (q.folder !== '' && !node?.children) throw new HotBackupError('NOT_FOUND', `The backup has no folder "${keyShown(q.folder)}".`);
      picked = (q.folder === '' ? index.top : (node?.children ?? [])).map((i) => index.nodes[i] as BrowseNode).sort(order(q.sort, q.direction));
      index.sorted.set(key, picked);
      while (index.sorted.size > 16) index.sorted.delete(index.sorted.keys().next().value as string);
    }
  }
  return { rows: picked.slice(q.offset, q.offset + q.limit).map(rowOf), total: picked.length, capped };
}
