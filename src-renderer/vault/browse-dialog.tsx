import { useEffect, useMemo, useState } from 'react';
import { Button, Dialog, Heading, Input, Label, Modal, ModalOverlay, SearchField, type Selection, type SortDescriptor } from 'react-aria-components';
import type { BrowseRow, BrowseSort } from '../../shared/browse.js';
import { countOf } from '../format/plural.js';
import { bytesFromBase64, base64FromBytes } from '../../shared/raw-path.js';
import { shownName } from '../../shared/shown-name.js';
import { getBridge } from '../store/store.js';
import { BrowseTable, rowBytes, shownPath } from './browse-table.js';
import { useBrowse, type BrowseView } from './use-browse.js';
import { formatBytes } from './vault-rows.js';

export interface BrowseChoice {
  /** The ticked paths as shown (shownName: a byte that is not UTF-8 as `\xe9`). */
  paths: string[];
  /** Their exact bytes (base64): what the restore selects. */
  exact: string[];
  files: number;
  bytes: number;
  damagedFiles: number;
}

/** Starts the download of one file: a one-time address from the Director, opened as a download. */
async function download(id: string, row: BrowseRow): Promise<string | null> {
  const r = await getBridge().invoke('vault.downloadTicket', { id, path: row.path, ...(row.pathBytes ? { pathBytes: row.pathBytes } : {}) });
  if (!r.ok) return r.error.message;
  const a = document.createElement('a');
  a.href = r.value.url;
  a.download = r.value.name;
  document.body.append(a);
  a.click();
  a.remove();
  return null;
}

/** A folder (exact bytes, base64; '' = the top) as its parts: each shown for people, with the bytes to open it. */
function folderParts(folder: string): { name: string; bytes: string }[] {
  if (!folder) return [];
  const b = bytesFromBase64(folder);
  const parts: { name: string; bytes: string }[] = [];
  let start = 0;
  for (let i = 0; i <= b.length; i++) {
    if (i < b.length && b[i] !== 0x2f) continue;
    parts.push({ name: shownName(b.subarray(start, i)), bytes: base64FromBytes(b.subarray(0, i)) });
    start = i + 1;
  }
  return parts;
}

function Breadcrumb({ folder, onOpen }: { folder: string; onOpen(bytes: string): void }) {
  const parts = folderParts(folder);
  return (
    <nav aria-label="Folder" className="breadcrumb">
      <ol>
        <li>
          {parts.length ? (
            <Button className="crumb" onPress={() => onOpen('')}>
              All data directories
            </Button>
          ) : (
            <span aria-current="location">All data directories</span>
          )}
        </li>
        {parts.map(({ name, bytes }, i) => (
          <li key={bytes}>
            <span aria-hidden="true" className="crumb-sep">
              ›
            </span>
            {i === parts.length - 1 ? (
              <span aria-current="location">{name}</span>
            ) : (
              <Button className="crumb" onPress={() => onOpen(bytes)}>
                {name}
              </Button>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** A backup's files by folder: search by name, sort, tick files and folders to restore, download one file. */
export function BrowseDialog({ id, onClose, onRestore }: { id: string; onClose(): void; onRestore(choice: BrowseChoice): void }) {
  /** The folder shown: its exact bytes (base64), '' = the top level. */
  const [folder, setFolder] = useState('');
  const [typed, setTyped] = useState('');
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<SortDescriptor>({ column: 'name', direction: 'ascending' });
  const [ticked, setTicked] = useState<Map<string, BrowseRow>>(new Map());
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    const t = setTimeout(() => setSearch(typed.trim()), 250);
    return () => clearTimeout(t);
  }, [typed]);
  const view: BrowseView = { folderBytes: folder, search, sort: sort.column as BrowseSort, direction: sort.direction ?? 'ascending' };
  const paths = useMemo(() => [...ticked.keys()].sort(), [ticked]);
  const { listing, rows, error, loading, totals, more } = useBrowse(id, view, paths);
  const shown = new Set(rows.map(rowBytes));
  const selectedHere: Selection = new Set(paths.filter((p) => shown.has(p)));
  const open = (path: string) => {
    setFolder(path);
    setTyped('');
    setSearch('');
  };
  const onSelectionChange = (s: Selection) => {
    const next = new Map(ticked);
    for (const r of rows) {
      const key = rowBytes(r);
      if (s === 'all' || s.has(key)) next.set(key, r);
      else next.delete(key);
    }
    setTicked(next);
  };
  const one = ticked.size === 1 ? [...ticked.values()][0]! : null;
  const canDownload = one !== null && (one.kind === 'file' || one.kind === 'sqlite');
  const damage = listing?.damage;
  const damaged = damage && (damage.badVolumes.length > 0 || damage.verdict !== null);
  const folderShown = folderParts(folder).map((p) => p.name).join('/');
  const where = search ? `names containing “${search}”${folder ? ` in ${folderShown}` : ''}` : folderShown || 'the top level';

  return (
    <ModalOverlay className="vault-overlay" isOpen isDismissable onOpenChange={(o) => !o && onClose()}>
      <Modal className="vault-modal browse-modal">
        <Dialog className="browse-dialog" aria-label={`Browse HotBackup ${id}`}>
          <Heading slot="title">Browse HotBackup {id}</Heading>
          {damaged && (
            <div role="alert" className="notice error browse-damage">
              <strong>This backup is damaged.</strong>{' '}
              {damage.badVolumes.map((v) => (v.problem === 'missing' ? `${v.name} is missing.` : `${v.name}: ${v.problem}.`)).join(' ')}{' '}
              {damage.verdict && `${damage.verdict}. `}
              {damage.damagedFiles > 0
                ? `${countOf(damage.damagedFiles, 'file')} cannot be restored (marked Damaged below); every other file can.`
                : 'Files marked Damaged below cannot be restored; every other file can.'}
            </div>
          )}
          <div className="browse-bar">
            <Breadcrumb folder={folder} onOpen={open} />
            <SearchField className="field browse-search" value={typed} onChange={setTyped}>
              <Label>Search by name in this backup</Label>
              <Input placeholder="e.g. invoice" />
            </SearchField>
          </div>
          {error && (
            <p role="alert" className="notice error">
              {error}
            </p>
          )}
          <BrowseTable
            rows={rows}
            searching={search !== ''}
            loading={loading}
            label={`Files and folders: ${where}`}
            selected={selectedHere}
            onSelectionChange={onSelectionChange}
            sort={sort}
            onSortChange={setSort}
            onOpenFolder={open}
          />
          <p className="hint browse-count" role="status">
            {loading
              ? 'Reading…'
              : listing && `${rows.length < listing.total ? `${rows.length} of ` : ''}${countOf(listing.total, 'item')} ${search ? 'found' : 'here'}${listing.capped ? ` (the search stops at ${listing.capped}: type more of the name)` : ''}.`}{' '}
            {listing && !loading && rows.length < listing.total && (
              <Button className="button small" onPress={more}>
                Show more
              </Button>
            )}
          </p>
          <p className="restore-summary" data-testid="browse-selection">
            {ticked.size === 0
              ? 'Tick files and folders to restore them; tick one file to download it.'
              : `${countOf(ticked.size, 'item')} ticked: ${countOf(totals.files, 'file')}, ${formatBytes(totals.bytes)}${totals.damagedFiles ? ` — ${countOf(totals.damagedFiles, 'damaged file')} will be left out` : ''}.`}
          </p>
          {notice && (
            <p role="alert" className="notice error">
              {notice}
            </p>
          )}
          <div className="actions">
            <Button className="button primary" isDisabled={ticked.size === 0} onPress={() => onRestore({ paths: [...ticked.values()].map((r) => shownPath(r)).sort(), exact: paths, ...totals })}>
              Restore selected…
            </Button>
            <Button
              className="button"
              isDisabled={!canDownload}
              onPress={() => one && void download(id, one).then(setNotice)}
            >
              Download
            </Button>
            {ticked.size > 0 && (
              <Button className="button" onPress={() => setTicked(new Map())}>
                Clear ticks
              </Button>
            )}
            <Button className="button" slot="close">
              Close
            </Button>
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
