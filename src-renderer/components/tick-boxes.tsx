import { Cell, Checkbox, Column } from 'react-aria-components';

// The tick boxes of a table with multiple selection (the Vault's backups, Browse's files).

/** The selection column's heading: ticks every row shown. */
export function TickAllColumn({ label }: { label: string }) {
  return (
    <Column className="col-select">
      <TickBox label={label} />
    </Column>
  );
}

/** A row's tick box, in its first cell. */
export function TickCell({ label }: { label: string }) {
  return (
    <Cell>
      <TickBox label={label} />
    </Cell>
  );
}

function TickBox({ label }: { label: string }) {
  return (
    <Checkbox slot="selection" className="checkbox" aria-label={label}>
      <span className="mark" aria-hidden="true" />
    </Checkbox>
  );
}
