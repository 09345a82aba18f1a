import { useState } from 'react';
import { Button, Dialog, FieldError, Form, Heading, Input, Label, Modal, ModalOverlay, Text, TextArea, TextField } from 'react-aria-components';
import type { DataDirectory } from '../../shared/settings.js';
import { CheckBox } from '../components/form-controls.js';
import { useTrafficLight } from '../components/traffic-light/use-traffic-light.js';
import { getBridge, useApp } from '../store/store.js';
import { unmatchedFor, type ExcludeReport } from '../../shared/exclude-report.js';
import { UnmatchedExcludes } from './unmatched-excludes.js';
import {
  addedExcludes,
  checkDirectoryForm,
  emptyDirectoryForm,
  errorsFromDirector,
  formOf,
  nextDirectories,
  parseExcludes,
  type DirectoryErrors,
  type DirectoryForm,
} from './data-directories-form.js';

export interface DirectoryDialogProps {
  /** The entry being edited, or null to add one. */
  editing: number | null;
  /** What the newest backup's walk found of the exclude patterns (null: not known). */
  excludeReport?: ExcludeReport | null;
  onClose(saved: string | null): void;
}

/** Add or edit one data directory; saved only when the console and the Director both accept it. */
export function DirectoryDialog({ editing, excludeReport = null, onClose }: DirectoryDialogProps) {
  const settings = useApp((s) => s.settings);
  const { ask } = useTrafficLight();
  const existing: DataDirectory[] = settings?.dataDirectories ?? [];
  const original = editing === null ? null : existing[editing] ?? null;
  const [form, setForm] = useState<DirectoryForm>(original ? formOf(original) : emptyDirectoryForm);
  const [errors, setErrors] = useState<DirectoryErrors>({});
  const [saving, setSaving] = useState(false);
  // The settings revision this dialog was filled from: a save on top of a newer one is refused.
  const [baseRevision] = useState(() => useApp.getState().settings?.revision);
  // Warned, never refused: the newest backup's walk found these of the typed patterns matching nothing.
  const unmatched = original ? unmatchedFor(excludeReport, original.path) : new Set<string>();
  const edit = (key: 'path' | 'label' | 'exclude') => (value: string) => setForm({ ...form, [key]: value });

  const save = async () => {
    const { directory, errors: found } = checkDirectoryForm(form, { existing, editing, hotBackupFolder: settings?.folder.path ?? '' });
    setErrors(found);
    if (!directory) return;
    const added = original ? addedExcludes(original.exclude, directory.exclude) : [];
    if (original && added.length) {
      const label = original.label || original.path;
      const choice = await ask({
        level: 'suggested',
        wait: 'started',
        task: `Exclude ${added.join(', ')} from ${label}`,
        detail: 'Files matching the new patterns leave every future backup; a HotBackup now keeps a copy of them as they are.',
      });
      if (choice === 'cancel') {
        setErrors({ form: 'Nothing was saved: the new exclude patterns were cancelled.' });
        return;
      }
    }
    setSaving(true);
    const index = editing ?? existing.length;
    const result = await getBridge().invoke('settings.update', { dataDirectories: nextDirectories(existing, editing, directory), baseRevision });
    setSaving(false);
    if (result.ok) onClose(directory.label || directory.path);
    else setErrors(errorsFromDirector(result.error.message, index));
  };

  const title = editing === null ? 'Add Data Directory' : 'Edit Data Directory';
  return (
    <ModalOverlay className="modal-overlay" isOpen isDismissable onOpenChange={(open) => !open && onClose(null)}>
      <Modal className="modal directory-modal">
        <Dialog className="directory-dialog">
          <Heading slot="title">{title}</Heading>
          <Form
            validationBehavior="aria"
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <TextField className="field wide" value={form.path} onChange={edit('path')} isInvalid={Boolean(errors.path)} autoFocus={editing === null}>
              <Label>Folder</Label>
              <Input placeholder="/srv/office-data or D:\OfficeData" />
              <Text slot="description">The full path of a folder on this computer (not a mapped drive or network path).</Text>
              <FieldError className="field-error">{errors.path}</FieldError>
            </TextField>
            <TextField className="field wide" value={form.label} onChange={edit('label')} isInvalid={Boolean(errors.label)}>
              <Label>Label</Label>
              <Input placeholder="e.g. Ledger" />
              <Text slot="description">Its folder name inside each backup; the folder&apos;s own name when left empty.</Text>
              <FieldError className="field-error">{errors.label}</FieldError>
            </TextField>
            <TextField className="field wide" value={form.exclude} onChange={edit('exclude')} isInvalid={Boolean(errors.exclude)}>
              <Label>Exclude (one pattern per line)</Label>
              <TextArea rows={4} placeholder={'*.tmp\ncache/**'} />
              <Text slot="description">
                Relative to the folder. A pattern without “/” matches a name anywhere (*.tmp); one with “/” starts at the folder (cache/**).
              </Text>
              <FieldError className="field-error">{errors.exclude}</FieldError>
            </TextField>
            <UnmatchedExcludes patterns={parseExcludes(form.exclude).filter((g) => unmatched.has(g))} backupId={excludeReport?.id ?? null} />
            <CheckBox isSelected={form.includeUnsettled === true} onChange={(v) => setForm({ ...form, includeUnsettled: v })}>
              Include this folder’s files that keep changing (with a warning) instead of failing the run
            </CheckBox>
            <p className="hint">
              {settings?.engine.includeUnsettled
                ? 'Every data directory includes them now (How HotBackups are written, below the list).'
                : 'For a file a program never stops writing (a mail store, a log): it is backed up as last read and may be torn.'}
            </p>
            {(errors.form || Object.keys(errors).length > 0) && (
              <p role="alert" className="notice error">
                {errors.form ?? 'Nothing was saved: correct the fields marked above.'}
              </p>
            )}
            <div className="actions">
              <Button type="submit" className="button primary" isDisabled={saving}>
                {saving ? 'Saving…' : 'Save'}
              </Button>
              <Button className="button" onPress={() => onClose(null)}>
                Cancel
              </Button>
            </div>
          </Form>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
