import { useState } from 'react';
import type { SettingsPatch } from '../../shared/settings.js';
import { getBridge, useApp } from '../store/store.js';
import type { Notice } from './notice.js';

/** A form's fields marked with what is wrong with each. */
export type FieldErrors<F> = Partial<Record<keyof F, string>>;

/**
 * A dialog that adds or edits one item of a settings list (an offsite target, a notification
 * message): the form, its field errors and notice, and a save with `settings.update` on top of the
 * revision the dialog was filled from (a save over a newer one is refused, DESIGN §8). Editing a
 * field clears its error and the notice.
 */
export function useListItemForm<F extends object>(initial: () => F) {
  const [form, setForm] = useState<F>(initial);
  const [errors, setErrors] = useState<FieldErrors<F>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const [saving, setSaving] = useState(false);
  const [baseRevision] = useState(() => useApp.getState().settings?.revision);

  const edit =
    <K extends keyof F>(key: K) =>
    (value: F[K]) => {
      setForm((f) => ({ ...f, [key]: value }));
      setErrors((e) => ({ ...e, [key]: undefined }));
      setNotice(null);
    };

  /**
   * Saves the whole list in `patch`. Refused: the Director's words go on the fields `errorsFrom`
   * finds in them and into the notice ("Nothing was saved: …"), and false is returned.
   */
  const saveList = async (patch: SettingsPatch, errorsFrom: (message: string) => FieldErrors<F>): Promise<boolean> => {
    setSaving(true);
    const r = await getBridge().invoke('settings.update', { ...patch, baseRevision });
    setSaving(false);
    if (!r.ok) {
      setErrors(errorsFrom(r.error.message));
      setNotice({ kind: 'error', text: `Nothing was saved: ${r.error.message}` });
      return false;
    }
    return true;
  };

  return { form, setForm, errors, setErrors, notice, setNotice, saving, edit, saveList };
}
