import { Cell, Checkbox, Column, Row, Table, TableBody, TableHeader, type Selection, type SortDescriptor } from 'react-aria-components';
import type { BrowseRow } from '../../shared/browse.js';
import { formatDateTime } from '../format/date-time.js';
import { DatabaseIcon, FileIcon, FolderIcon, LinkIcon } from './icons.js';
import { formatBytes } from './vault-rows.js';
import { SortHead } from '../components/sort-head.js';

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
  label: string;
  selected: Selection;
  onSelectionChange(s: Selection): void;
  sort: SortDescriptor;
  onSortChange(s: SortDescriptor): void;
  onOpenFolder(path: string): void;
}

function NameCell({ r, searching }: { r: BrowseRow; searching: boolean }) {
  const where = r.path.slice(0, r.path.length - r.name.length - 1);
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
export function BrowseTable({ rows, searching, label, selected, onSelectionChange, sort, onSortChange, onOpenFolder }: BrowseTableProps) {
  const byPath = new Map(rows.map((r) => [r.path, r]));
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
          const r = byPath.get(String(key));
          if (r?.kind === 'directory') onOpenFolder(r.path);
        }}
      >
        <TableHeader>
          <Column className="col-select">
            <Checkbox slot="selection" className="checkbox" aria-label="Tick all shown">
              <span className="mark" aria-hidden="true" />
            </Checkbox>
          </Column>
          {columns.map((c) => (
            <Column key={c.id} id={c.id} isRowHeader={c.id === 'name'} allowsSorting className={`col-${c.id}${'numeric' in c ? ' numeric' : ''}`}>
              {({ sortDirection }) => <SortHead label={c.label} sortDirection={sortDirection} />}
            </Column>
          ))}
        </TableHeader>
        <TableBody items={rows} renderEmptyState={() => <p className="empty">{searching ? 'No name in this backup matches.' : 'This folder is empty.'}</p>}>
          {(r) => (
            <Row id={r.path} className={`browse-row kind-${r.kind}${r.damaged ? ' damaged' : ''}`}>
              <Cell>
                <Checkbox slot="selection" className="checkbox" aria-label={`Tick ${r.path}`}>
                  <span className="mark" aria-hidden="true" />
                </Checkbox>
              </Cell>
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
