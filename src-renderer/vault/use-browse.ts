import { useEffect, useRef, useState } from 'react';
import type { BrowseListing, BrowseRow, BrowseSort } from '../../shared/browse.js';
import { getBridge } from '../store/store.js';

export interface BrowseView {
  /** The folder's exact bytes (base64); '' = the top level. */
  folderBytes: string;
  search: string;
  sort: BrowseSort;
  direction: 'ascending' | 'descending';
}

export const PAGE = 200;

type Totals = BrowseListing['selection'];

/**
 * One folder (or search) of a backup from the Director, a page at a time: `more()` appends the
 * next page. Changing the view starts again from the first page; an answer for an older view is
 * dropped. The ticked paths' (exact bytes, base64) totals (files, bytes, damaged) are asked for separately.
 */
export function useBrowse(id: string, view: BrowseView, selected: readonly string[]) {
  const [listing, setListing] = useState<BrowseListing | null>(null);
  const [rows, setRows] = useState<BrowseRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [totals, setTotals] = useState<Totals>({ files: 0, bytes: 0, damagedFiles: 0 });
  const generation = useRef(0);
  const key = JSON.stringify(view);
  const chosen = JSON.stringify(selected);

  const load = async (offset: number) => {
    const mine = ++generation.current;
    setLoading(true);
    const { folderBytes, ...rest } = view;
    const r = await getBridge().invoke('vault.browse', { id, ...rest, ...(folderBytes ? { folderBytes } : {}), offset, limit: PAGE });
    if (mine !== generation.current) return;
    setLoading(false);
    if (!r.ok) {
      setError(r.error.message);
      return;
    }
    setError(null);
    setListing(r.value);
    setRows((before) => (offset === 0 ? r.value.rows : [...before, ...r.value.rows]));
  };

  useEffect(() => {
    void load(0);
  }, [id, key]);

  useEffect(() => {
    let live = true;
    if (selected.length === 0) {
      setTotals({ files: 0, bytes: 0, damagedFiles: 0 });
      return;
    }
    void getBridge()
      .invoke('vault.browse', { id, folder: '', limit: 1, selectedBytes: [...selected] })
      .then((r) => live && r.ok && setTotals(r.value.selection));
    return () => {
      live = false;
    };
  }, [id, chosen]);

  return { listing, rows, error, loading, totals, more: () => void load(rows.length) };
}
