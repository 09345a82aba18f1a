import { useMemo, useState } from 'react';
import { Button, ComboBox, FieldError, Input, Label, ListBox, ListBoxItem, Popover, Text } from 'react-aria-components';
import { knownTimeZones, timeZoneProblem } from '../../shared/time-zone.js';
import { NoticeText, type Notice } from '../components/notice.js';
import { getBridge, useApp } from '../store/store.js';

/** The list's entry for "no zone set": the Director computer's own. */
const SYSTEM = 'system';

/** The schedule's time zone: the Director computer's (the default) or a named IANA zone. */
export function TimeZoneForm({ resolvedZone }: { resolvedZone: string }) {
  const configured = useApp((s) => s.settings?.schedule.timeZone ?? null);
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [saving, setSaving] = useState(false);
  const zones = useMemo(() => [SYSTEM, ...knownTimeZones()], []);
  const value = text ?? configured ?? SYSTEM;
  const label = (z: string) => (z === SYSTEM ? "The Director computer's time zone" : z);
  const shown = zones.filter((z) => !text || label(z).toLowerCase().includes(text.toLowerCase())).slice(0, 200);

  const save = async (zone: string) => {
    const timeZone = zone === SYSTEM || zone === label(SYSTEM) ? null : zone.trim();
    const problem = timeZone === null ? null : timeZoneProblem(timeZone);
    setError(problem);
    if (problem) return;
    setSaving(true);
    const r = await getBridge().invoke('settings.update', { schedule: { timeZone }, baseRevision: useApp.getState().settings?.revision });
    setSaving(false);
    setNotice(r.ok ? { kind: 'ok', text: `Schedule times are now in ${timeZone ?? `the Director computer's time zone`}.` } : { kind: 'error', text: r.error.message });
    if (r.ok) setText(null);
  };

  return (
    <div className="time-zone-form">
      <ComboBox
        className="field wide"
        inputValue={text ?? label(value)}
        onInputChange={(t) => {
          setText(t);
          setError(null);
          setNotice(null);
        }}
        onSelectionChange={(key) => key !== null && void save(String(key))}
        allowsCustomValue
        isInvalid={Boolean(error)}
        validationBehavior="aria"
      >
        <Label>Time zone of the schedule</Label>
        <Input />
        <Text slot="description">Now: {resolvedZone}. Type to search, e.g. Berlin or New_York.</Text>
        <FieldError className="field-error">{error}</FieldError>
        <Popover className="combo-popover">
          <ListBox className="combo-list">
            {shown.map((z) => (
              <ListBoxItem key={z} id={z} className="combo-item" textValue={label(z)}>
                {label(z)}
              </ListBoxItem>
            ))}
          </ListBox>
        </Popover>
      </ComboBox>
      <div className="actions">
        <Button className="button small" isDisabled={saving || text === null} onPress={() => void save(text ?? '')}>
          Save time zone
        </Button>
        <NoticeText notice={notice} />
      </div>
    </div>
  );
}
