import { Column } from 'react-aria-components';

/** A sortable column's heading: its label and ▲/▼ for the direction it is sorted in (the mark is not read out). */
export function SortHead({ label, sortDirection }: { label: string; sortDirection?: 'ascending' | 'descending' | undefined }) {
  return (
    <span className="col-head">
      {label}
      <span aria-hidden="true" className="sort-mark">
        {sortDirection === 'ascending' ? '▲' : sortDirection === 'descending' ? '▼' : ''}
      </span>
    </span>
  );
}

/** A column the table sorts by when its heading is pressed; `col-<id>` (and `numeric`) style it. */
export function SortColumn({ id, label, isRowHeader = false, numeric = false }: { id: string; label: string; isRowHeader?: boolean; numeric?: boolean }) {
  return (
    <Column id={id} isRowHeader={isRowHeader} allowsSorting className={`col-${id}${numeric ? ' numeric' : ''}`}>
      {({ sortDirection }) => <SortHead label={label} sortDirection={sortDirection} />}
    </Column>
  );
}
