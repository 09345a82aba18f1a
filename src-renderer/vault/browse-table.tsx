import { Cell, Row, Table, TableBody, TableHeader, type Selection, type SortDescriptor } from 'react-aria-components';
import type { BrowseRow } from '../../shared/browse.js';
import { formatDateTime } from '../format/date-time.js';
import { DatabaseIcon, FileIcon, FolderIcon, LinkIcon } from './icons.js';
import { formatBytes } from './vault-rows.js';
import { SortColumn } from '../components/sort-head.js';
import { TickAllColumn, TickCell } from '../components/tick-boxes.js';
import { base64OfText, bytesFromBase64 } from '../../shared/raw-path.js';
import { shownName } from '../../shared/shown-name.js';

/** A row's exact path bytes (base64): its key, what a tick, a download and a restore carry. */
export const rowBytes = (r: BrowseRow): string => r.pathBytes ?? base64OfText(r.path);

/** A row's path for people (shownName: `\xe9` for a byte that is not UTF-8), like its name. */
export const shownPath = (r: BrowseRow): string => shownName(bytesFromBase64(rowBytes(r)));

const columns = [
  { id: 'name', label: 'Name' },
  { id: 'size', label: 'Size', numeric: true },
  { id: 'mtime', label: 'Modified' },
] as const;

const kindText = { directory: 'folder', sqlite: 'database', file: 'file', symlink: 'link' } as const;

export interface BrowseTableProps {
  rows: BrowseRow[];
  /** Searching: show each row's folder under its name. */
  searching: boolean;
  /** A page is being read: an empty table is not (yet) an empty folder. */
  loading: boolean;
  label: string;
  selected: Selection;
  onSelectionChange(s: Selection): void;
  sort: SortDescriptor;
  onSortChange(s: SortDescriptor): void;
  /** Opens a folder, given by its exact bytes (base64). */
  onOpenFolder(bytes: string): void;
}

function NameCell({ r, searching }: { r: BrowseRow; searching: boolean }) {
  const path = shownPath(r);
  const where = path.slice(0, Math.max(0, path.lastIndexOf('/')));
  return (
    <span className="browse-name">
      <span className={`tree-icon kind-${r.kind}`} aria-hidden="true">
        {r.kind === 'directory' ? <FolderIcon /> : r.kind === 'sqlite' ? <DatabaseIcon /> : r.kind === 'symlink' ? <LinkIcon /> : <FileIcon />}
      </span>
      <span className="browse-name-text">
        {r.kind === 'directory' ? (
          // A click on a folder's row (its name) opens it (onRowAction); only its checkbox ticks it.
          <span className="folder-link">{r.name}</span>
        ) : (
          r.name
        )}
        <span className="sr-only"> ({kindText[r.kind]})</span>
        {searching && where && <span className="hint browse-where">in {where}</span>}
        {r.damaged && (
          <span className="browse-damaged">
            <span className="badge damaged">Damaged</span> {r.damaged}
          </span>
        )}
      </span>
    </span>
  );
}

/** One page of a folder or search: tick with the checkboxes; a folder opens on its name (or Enter). */
export function BrowseTable({ rows, searching, loading, label, selected, onSelectionChange, sort, onSortChange, onOpenFolder }: BrowseTableProps) {
  const byKey = new Map(rows.map((r) => [rowBytes(r), r]));
  return (
    <div className="vault-table-wrap browse-table-wrap">
      <Table
        aria-label={label}
        className="vault-table browse-table"
        selectionMode="multiple"
        selectionBehavior="toggle"
        selectedKeys={selected}
        onSelectionChange={onSelectionChange}
        sortDescriptor={sort}
        onSortChange={onSortChange}
        onRowAction={(key) => {
          const r = byKey.get(String(key));
          if (r?.kind === 'directory') onOpenFolder(rowBytes(r));
        }}
      >
        <TableHeader>
          <TickAllColumn label="Tick all shown" />
          {columns.map((c) => (
            <SortColumn key={c.id} id={c.id} label={c.label} isRowHeader={c.id === 'name'} numeric={'numeric' in c} />
          ))}
        </TableHeader>
        <TableBody items={rows} renderEmptyState={() => <p className="empty">{loading ? 'Reading…' : searching ? 'No name in this backup matches.' : 'This folder is empty.'}</p>}>
          {(r) => (
            <Row id={rowBytes(r)} className={`browse-row kind-${r.kind}${r.damaged ? ' damaged' : ''}`}>
              <TickCell label={`Tick ${shownPath(r)}`} />
              <Cell>
                <NameCell r={r} searching={searching} />
              </Cell>
              <Cell className="numeric nowrap">{formatBytes(r.size)}</Cell>
              <Cell className="nowrap">{r.mtime ? formatDateTime(r.mtime) : '—'}</Cell>
            </Row>
          )}
        </TableBody>
      </Table>
    </div>
  );
}
