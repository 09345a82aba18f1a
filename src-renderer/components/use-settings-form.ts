import { useEffect, useState } from 'react';
import type { PublicSettings, SettingsPatch } from '../../shared/settings.js';
import { getBridge, useApp } from '../store/store.js';
import type { Notice } from './notice.js';

/**
 * A form on a settings tab (the HotBackup folder, the engine options): filled from the Director's
 * settings by `formFrom` and following them until the admin edits, saved with `settings.update` on
 * top of the revision it was filled from (a save over a newer one is refused).
 */
export function useSettingsForm<F extends object>(formFrom: (s: PublicSettings) => F) {
  const settings = useApp((s) => s.settings);
  const [form, setForm] = useState<F | null>(null);
  const [baseRevision, setBaseRevision] = useState<string | undefined>();
  const [edited, setEdited] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const [saving, setSaving] = useState(false);
  // Follow the Director's values (another console, the CLI) until the admin starts editing.
  useEffect(() => {
    if (!edited && settings) {
      setForm(formFrom(settings));
      setBaseRevision(settings.revision);
    }
  }, [settings, edited]);

  const edit =
    <K extends keyof F>(key: K) =>
    (value: F[K]) => {
      setForm((f) => f && { ...f, [key]: value });
      setEdited(true);
      setNotice(null);
    };

  /** Saves `patch`; on success the form shows what was saved and says so. Returns the Director's error, else null. */
  const write = async (patch: SettingsPatch): Promise<string | null> => {
    setSaving(true);
    const r = await getBridge().invoke('settings.update', { ...patch, baseRevision });
    setSaving(false);
    if (!r.ok) {
      setNotice({ kind: 'error', text: r.error.message });
      return r.error.message;
    }
    setEdited(false);
    setForm(formFrom(r.value));
    setBaseRevision(r.value.revision);
    setNotice({ kind: 'ok', text: 'Saved.' });
    return null;
  };

  /** Back to the Director's values, following them again. */
  const revert = () => {
    if (settings) {
      setForm(formFrom(settings));
      setBaseRevision(settings.revision);
    }
    setEdited(false);
    setNotice(null);
  };

  return { settings, form, notice, setNotice, saving, edit, write, revert };
}
