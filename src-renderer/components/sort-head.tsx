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
