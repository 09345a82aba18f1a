import { Cell, Column, Row, Table, TableBody, TableHeader, type Selection, type SortDescriptor } from 'react-aria-components';
import type { BackupRecord, StoredVerdict, VerifyResult } from '../../shared/vault.js';
import { verifyMark } from './verify-mark.js';
import { durationSeconds, formatBytes, formatDuration, formatTime, type VaultColumn } from './vault-rows.js';
import { SortColumn } from '../components/sort-head.js';
import { TickAllColumn, TickCell } from '../components/tick-boxes.js';
import type { OffsiteStatus } from '../../shared/offsite.js';
import { offsiteCell } from '../offsite/offsite-format.js';

const columns: { id: VaultColumn; label: string; numeric?: boolean }[] = [
  { id: 'id', label: 'ID' },
  { id: 'folder', label: 'Folder' },
  { id: 'trigger', label: 'Trigger' },
  { id: 'started', label: 'Started' },
  { id: 'duration', label: 'Duration', numeric: true },
  { id: 'result', label: 'Result' },
  { id: 'files', label: 'Files', numeric: true },
  { id: 'bytes', label: 'Size', numeric: true },
  { id: 'user', label: 'User' },
  { id: 'error', label: 'Error' },
];

function ResultCell({ r, verified, stored }: { r: BackupRecord; verified: VerifyResult | undefined; stored: StoredVerdict | undefined }) {
  const mark = verifyMark(verified, stored);
  const cls = r.result === 'Failed' ? 'failed' : r.result === 'In Progress' ? 'running' : 'ok';
  const sign = r.result === 'Failed' ? '✕' : r.result === 'In Progress' ? '…' : '✓';
  return (
    <span className="result-cell">
      <span className={`badge ${cls}`}>
        <span aria-hidden="true">{sign} </span>
        {r.result}
      </span>
      {r.foundOnDisk && (
        <span className="badge found" title="This folder was found in the HotBackup folder with no line in BACKUP.LOG; its details were read from the folder itself.">
          Found on disk
        </span>
      )}
      {mark && (
        <span className={`badge ${mark.ok ? 'verified' : 'damaged'}`} title={mark.title}>
          {mark.label}
        </span>
      )}
    </span>
  );
}

export interface VaultTableProps {
  rows: BackupRecord[];
  verified: Record<string, VerifyResult>;
  /** The last verify the Director kept for each backup (scheduled or pressed). */
  stored: Record<string, StoredVerdict>;
  selected: Selection;
  onSelectionChange(s: Selection): void;
  sort: SortDescriptor;
  onSortChange(s: SortDescriptor): void;
  onOpen(id: string): void;
  /** Offsite copies per target; the Offsite column shows only when there are targets. */
  offsite?: OffsiteStatus | null;
}

/** Every backup as a row; failed rows are tinted and marked; a click ticks a row, a double-click opens its Detail Report. */
export function VaultTable({ rows, verified, stored, selected, onSelectionChange, sort, onSortChange, onOpen, offsite = null }: VaultTableProps) {
  const withOffsite = (offsite?.targets.length ?? 0) > 0;
  return (
    <div className="vault-table-wrap">
      <Table
        aria-label="HotBackups in the HotBackup folder"
        className="vault-table"
        selectionMode="multiple"
        selectionBehavior="toggle"
        selectedKeys={selected}
        onSelectionChange={onSelectionChange}
        sortDescriptor={sort}
        onSortChange={onSortChange}
      >
        <TableHeader>
          <TickAllColumn label="Select all shown" />
          {columns.map((c) => (
            <SortColumn key={c.id} id={c.id} label={c.label} isRowHeader={c.id === 'id'} numeric={c.numeric} />
          ))}
          {withOffsite && <Column className="col-offsite">Offsite</Column>}
        </TableHeader>
        <TableBody items={rows} dependencies={[verified, stored, offsite]} renderEmptyState={() => <p className="empty">No HotBackups match these filters.</p>}>
          {(r) => (
            <Row id={r.id} onDoubleClick={() => onOpen(r.id)} className={`vault-row result-${r.result === 'In Progress' ? 'running' : r.result.toLowerCase()}${r.foundOnDisk ? ' found-on-disk' : ''}`}>
              <TickCell label={`Select ${r.id}`} />
              <Cell className="mono">{r.id}</Cell>
              <Cell>{r.folder}</Cell>
              <Cell className="trigger">{r.trigger}</Cell>
              <Cell className="nowrap">{formatTime(r.started)}</Cell>
              <Cell className="numeric">{formatDuration(durationSeconds(r))}</Cell>
              <Cell>
                <ResultCell r={r} verified={verified[r.id]} stored={stored[r.id]} />
              </Cell>
              <Cell className="numeric">{r.files ?? '—'}</Cell>
              <Cell className="numeric nowrap">{formatBytes(r.bytes)}</Cell>
              <Cell>{[r.user, r.task].filter(Boolean).join(' · ') || '—'}</Cell>
              <Cell className="error-cell">
                <span title={r.error}>{r.error || ''}</span>
              </Cell>
              {withOffsite && <Cell className="offsite-cell">{offsiteCell(offsite, r.id) || '—'}</Cell>}
            </Row>
          )}
        </TableBody>
      </Table>
    </div>
  );
}
