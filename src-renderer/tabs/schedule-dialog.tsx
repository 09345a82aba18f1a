import { useRef, useState } from 'react';
import { Button, type TimeValue } from 'react-aria-components';
import { CheckChoice, CheckChoices, RadioChoice, RadioChoices, TimeInput } from '../components/form-controls.js';
import { FormDialog } from '../components/form-dialog.js';
import { getBridge, useApp } from '../store/store.js';
import { checkScheduleForm, dayName, weekOrder, type DaysKind, type ScheduleFormErrors } from './schedule-form.js';
import type { Notice } from '../components/notice.js';

const pad = (n: number) => String(n).padStart(2, '0');
const hhmm = (t: TimeValue | null) => (t ? `${pad(t.hour)}:${pad(t.minute)}` : null);

/** The Schedule Recurring HotBackups dialog: days × one or more times of day, checked before anything is saved. */
export function ScheduleDialog({ onClose }: { onClose(): void }) {
  const entries = useApp((s) => s.schedule?.entries ?? []);
  const setSchedule = useApp((s) => s.setSchedule);
  const [kind, setKind] = useState<DaysKind>('weekdays');
  const [chosen, setChosen] = useState<string[]>([]);
  const nextKey = useRef(1);
  const [times, setTimes] = useState<{ key: number; value: TimeValue | null }[]>([{ key: 0, value: null }]);
  const [errors, setErrors] = useState<ScheduleFormErrors>({});
  const [notice, setNotice] = useState<Notice>(null);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    const { input, errors: found } = checkScheduleForm({ kind, chosen: chosen.map(Number), times: times.map((t) => hhmm(t.value)) }, entries);
    setErrors(found);
    if (!input) {
      setNotice({ kind: 'error', text: 'Nothing was saved: correct the fields marked above.' });
      return;
    }
    setSaving(true);
    const r = await getBridge().invoke('schedule.add', input);
    setSaving(false);
    if (!r.ok) {
      setNotice({ kind: 'error', text: `Nothing was saved: ${r.error.message}` });
      return;
    }
    setSchedule(r.value);
    onClose();
  };
  const setTime = (key: number, value: TimeValue | null) => setTimes((ts) => ts.map((t) => (t.key === key ? { key, value } : t)));

  return (
    <FormDialog
      title="Schedule Recurring HotBackups"
      onClose={onClose}
      notice={notice}
      actions={
        <Button className="button primary" isDisabled={saving} onPress={() => void save()}>
          {saving ? 'Saving…' : 'Add to schedule'}
        </Button>
      }
    >
      <RadioChoices
        label="Days"
        value={kind}
        onChange={(v) => {
          setKind(v as DaysKind);
          setErrors({ ...errors, days: undefined });
        }}
      >
        <RadioChoice value="weekdays">Weekdays (Monday to Friday)</RadioChoice>
        <RadioChoice value="everyDay">Every day</RadioChoice>
        <RadioChoice value="chosen">Days I choose:</RadioChoice>
      </RadioChoices>
      <CheckChoices
        label="Chosen days"
        value={kind === 'chosen' ? chosen : []}
        onChange={(v) => {
          setChosen(v);
          setErrors({ ...errors, days: undefined });
        }}
        isDisabled={kind !== 'chosen'}
        error={errors.days}
      >
        {weekOrder.map((d) => (
          <CheckChoice key={d} value={String(d)}>
            {dayName(d)}
          </CheckChoice>
        ))}
      </CheckChoices>
      <fieldset className="choice-group">
        <legend className="group-label">Times of day (24-hour clock)</legend>
        <ul className="times-list">
          {times.map((t, i) => (
            <li key={t.key} className="time-row">
              <TimeInput label={`Time ${i + 1}`} value={t.value} onChange={(v) => setTime(t.key, v)} error={errors.perTime?.[i]} />
              <Button
                className="button small"
                aria-label={`Remove time ${i + 1}`}
                onPress={() => {
                  setTimes(times.filter((x) => x.key !== t.key));
                  setErrors({ ...errors, perTime: undefined });
                }}
              >
                Remove
              </Button>
            </li>
          ))}
        </ul>
        {errors.times && (
          <p className="field-error" role="alert">
            {errors.times}
          </p>
        )}
        <Button className="button small" onPress={() => setTimes([...times, { key: nextKey.current++, value: null }])}>
          Add a time
        </Button>
        <p className="hint">Each time runs on every day chosen above. Times are in the schedule&apos;s time zone.</p>
      </fieldset>
    </FormDialog>
  );
}
