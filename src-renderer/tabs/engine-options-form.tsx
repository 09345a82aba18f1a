import { useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { checkEngineOptions, sizeText, type EngineOptionErrors } from '../../shared/engine-options.js';
import type { PublicSettings } from '../../shared/settings.js';
import { CheckBox, RadioChoice, RadioChoices } from '../components/form-controls.js';
import { NoticeText } from '../components/notice.js';
import { TextField } from '../components/text-field.js';
import { useSettingsForm } from '../components/use-settings-form.js';

interface EngineForm {
  compression: string;
  volumeSize: string;
  includeUnsettled: boolean;
  settleAttempts: string;
}

const formFrom = (s: PublicSettings): EngineForm => ({
  compression: s.engine.compression,
  volumeSize: sizeText(s.engine.volumeSize),
  includeUnsettled: s.engine.includeUnsettled,
  settleAttempts: String(s.engine.settleAttempts),
});

/** How every HotBackup is written (checked by the same code as `hotbackup engine set`). */
export function EngineOptionsForm() {
  const { settings, form, notice, setNotice, saving, edit, write } = useSettingsForm(formFrom);
  const [errors, setErrors] = useState<EngineOptionErrors>({});
  if (!form || !settings) return null;

  const save = async () => {
    const { patch, errors: found } = checkEngineOptions(form);
    setErrors(found);
    if (!patch) {
      setNotice({ kind: 'error', text: 'Nothing was saved: correct the marked fields.' });
      return;
    }
    await write({ engine: patch });
  };

  return (
    <Form
      className="engine-options"
      aria-labelledby="engine-heading"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3 id="engine-heading">How HotBackups are written</h3>
      <RadioChoices label="Compression" value={form.compression} onChange={edit('compression')} error={errors.compression}>
        <RadioChoice value="gzip">gzip (smaller, the default)</RadioChoice>
        <RadioChoice value="none">none (faster, for data that is already compressed)</RadioChoice>
      </RadioChoices>
      <TextField
        label="Volume size"
        name="volume-size"
        value={form.volumeSize}
        onChange={edit('volumeSize')}
        error={errors.volumeSize}
        description="Each BACKUP.001, .002… file: 1 MiB to 64 GiB, e.g. 650 MiB to fit a CD, 4 GiB for FAT32 drives."
      />
      <CheckBox isSelected={form.includeUnsettled} onChange={edit('includeUnsettled')}>
        Include files that keep changing (with a warning) instead of failing the run
      </CheckBox>
      <TextField
        label="Read attempts for a changing file"
        name="settle-attempts"
        inputMode="numeric"
        value={form.settleAttempts}
        onChange={edit('settleAttempts')}
        error={errors.settleAttempts}
        description="1 to 50. A file still changing after these reads is left out and the run fails, unless the box above is ticked."
      />
      <div className="actions">
        <Button type="submit" className="button primary" isDisabled={saving}>
          {saving ? 'Saving…' : 'Save options'}
        </Button>
        <NoticeText notice={notice} />
      </div>
    </Form>
  );
}
