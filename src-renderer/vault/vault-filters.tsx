import {
  Button,
  CalendarCell,
  CalendarGrid,
  DateInput,
  DateRangePicker,
  DateSegment,
  Dialog,
  Group,
  Heading,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  RangeCalendar,
  Select,
  SelectValue,
} from 'react-aria-components';
import type { DateRange } from 'react-aria-components';
import { CalendarIcon } from './icons.js';
import type { VaultFilter } from './vault-rows.js';
import { countOf } from '../format/plural.js';

function Choice<K extends string>({ label, value, options, onChange }: { label: string; value: K; options: { id: K; label: string }[]; onChange(v: K): void }) {
  return (
    <Select className="select-field" selectedKey={value} onSelectionChange={(k) => onChange(String(k) as K)}>
      <Label>{label}</Label>
      <Button className="select-button">
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </Button>
      <Popover className="popover">
        <ListBox className="listbox">
          {options.map((o) => (
            <ListBoxItem key={o.id} id={o.id} className="listbox-item">
              {o.label}
            </ListBoxItem>
          ))}
        </ListBox>
      </Popover>
    </Select>
  );
}

function DateRangeFilter({ value, onChange }: { value: DateRange | null; onChange(v: DateRange | null): void }) {
  return (
    <DateRangePicker className="date-range" value={value} onChange={onChange}>
      <Label>Started between</Label>
      <Group className="date-group">
        <DateInput slot="start" className="date-input">
          {(s) => <DateSegment segment={s} className="date-segment" />}
        </DateInput>
        <span aria-hidden="true">–</span>
        <DateInput slot="end" className="date-input">
          {(s) => <DateSegment segment={s} className="date-segment" />}
        </DateInput>
        <Button className="calendar-button" aria-label="Pick dates on a calendar">
          <CalendarIcon />
        </Button>
      </Group>
      <Popover className="popover">
        <Dialog className="calendar-dialog" aria-label="Pick a date range">
          <RangeCalendar className="calendar">
            <header className="calendar-head">
              <Button slot="previous" className="button small">
                ◀
              </Button>
              <Heading />
              <Button slot="next" className="button small">
                ▶
              </Button>
            </header>
            <CalendarGrid>{(date) => <CalendarCell date={date} className="calendar-cell" />}</CalendarGrid>
          </RangeCalendar>
        </Dialog>
      </Popover>
    </DateRangePicker>
  );
}

export interface VaultFiltersProps {
  filter: VaultFilter;
  range: DateRange | null;
  onChange(filter: VaultFilter, range: DateRange | null): void;
  shown: number;
  total: number;
}

/** Folder, result and date-range filters, and how many rows they leave. */
export function VaultFilters({ filter, range, onChange, shown, total }: VaultFiltersProps) {
  const filtered = filter.folder !== 'all' || filter.result !== 'all' || range !== null;
  return (
    <div className="vault-filters" role="group" aria-label="Filter the HotBackups">
      <Choice
        label="Folder"
        value={filter.folder}
        options={[
          { id: 'all', label: 'All folders' },
          { id: 'Recent', label: 'Recent' },
          { id: 'Archive', label: 'Archive' },
          { id: 'Failed', label: 'Failed' },
        ]}
        onChange={(folder) => onChange({ ...filter, folder }, range)}
      />
      <Choice
        label="Result"
        value={filter.result}
        options={[
          { id: 'all', label: 'All results' },
          { id: 'Succeeded', label: 'Succeeded' },
          { id: 'Failed', label: 'Failed' },
          { id: 'In Progress', label: 'In Progress' },
        ]}
        onChange={(result) => onChange({ ...filter, result }, range)}
      />
      <DateRangeFilter
        value={range}
        onChange={(r) => onChange({ ...filter, from: r ? r.start.toString() : null, to: r ? r.end.toString() : null }, r)}
      />
      <Button
        className="button"
        isDisabled={!filtered}
        onPress={() => onChange({ folder: 'all', result: 'all', from: null, to: null }, null)}
      >
        Clear filters
      </Button>
      <p className="shown-count" aria-live="polite" data-testid="shown-count">
        {filtered ? `${shown} of ${countOf(total, 'HotBackup')} shown` : countOf(total, 'HotBackup')}
      </p>
    </div>
  );
}
