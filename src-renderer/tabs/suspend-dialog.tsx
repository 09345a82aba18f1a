import { CalendarDateTime, Time, toCalendarDateTime, today } from '@internationalized/date';
import { useState } from 'react';
import {
  Button,
  Calendar,
  CalendarCell,
  CalendarGrid,
  DateInput,
  DatePicker,
  DateSegment,
  Dialog,
  FieldError,
  Group,
  Heading,
  Label,
  Popover,
} from 'react-aria-components';
import { RadioChoice, RadioChoices } from '../components/form-controls.js';
import { FormDialog } from '../components/form-dialog.js';
import { getBridge, useApp } from '../store/store.js';
import { checkSuspendForm, type SuspendForm } from './suspend-form.js';
import type { Notice } from '../components/notice.js';

/** Suspend the whole schedule: until the admin resumes it, or until a date and time (in the schedule's zone). */
export function SuspendDialog({ timeZone, onClose }: { timeZone: string; onClose(): void }) {
  const setSchedule = useApp((s) => s.setSchedule);
  const [mode, setMode] = useState<SuspendForm['mode']>('until');
  const [until, setUntil] = useState<CalendarDateTime | null>(() => toCalendarDateTime(today(timeZone).add({ days: 1 }), new Time(8, 0)));
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    const checked = checkSuspendForm({ mode, until }, timeZone, new Date());
    setError(checked.error ?? null);
    if (!checked.until) {
      setNotice({ kind: 'error', text: 'Nothing was changed: correct the date and time.' });
      return;
    }
    setSaving(true);
    const r = await getBridge().invoke('schedule.suspend', { until: checked.until });
    setSaving(false);
    if (!r.ok) {
      setNotice({ kind: 'error', text: `Nothing was changed: ${r.error.message}` });
      return;
    }
    setSchedule(r.value);
    onClose();
  };

  return (
    <FormDialog
      title="Suspend Scheduled HotBackups"
      onClose={onClose}
      notice={notice}
      actions={
        <Button className="button primary" isDisabled={saving} onPress={() => void save()}>
          Suspend all
        </Button>
      }
    >
      <p>No scheduled HotBackup runs while the schedule is suspended. HotBackups started by hand still run.</p>
      <RadioChoices label="Suspend" value={mode} onChange={(v) => setMode(v as SuspendForm['mode'])}>
        <RadioChoice value="until">Until a date and time</RadioChoice>
        <RadioChoice value="indefinitely">Until I resume</RadioChoice>
      </RadioChoices>
      <DatePicker
        className="field"
        value={until}
        onChange={(v) => {
          setUntil(v as CalendarDateTime | null);
          setError(null);
        }}
        granularity="minute"
        hourCycle={24}
        isDisabled={mode !== 'until'}
        isInvalid={Boolean(error)}
        validationBehavior="aria"
      >
        <Label>Suspend until ({timeZone})</Label>
        <Group className="date-picker-group">
          <DateInput className="date-input">{(segment) => <DateSegment segment={segment} className="segment" />}</DateInput>
          <Button className="button small" aria-label="Open calendar">
            ▾
          </Button>
        </Group>
        <FieldError className="field-error">{error}</FieldError>
        <Popover className="calendar-popover">
          <Dialog className="calendar-dialog" aria-label="Choose the day">
            <Calendar>
              <header className="calendar-header">
                <Button slot="previous" className="button small" aria-label="Previous month">
                  ◀
                </Button>
                <Heading />
                <Button slot="next" className="button small" aria-label="Next month">
                  ▶
                </Button>
              </header>
              <CalendarGrid className="calendar-grid">{(date) => <CalendarCell date={date} className="calendar-cell" />}</CalendarGrid>
            </Calendar>
          </Dialog>
        </Popover>
      </DatePicker>
    </FormDialog>
  );
}
