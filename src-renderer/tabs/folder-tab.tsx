import { useState } from 'react';
import { Button, Form } from 'react-aria-components';
import { loweredRetention, needsRetentionConfirm, type RetentionPreview } from '../../shared/retention-preview.js';
import type { PublicSettings, SettingsPatch } from '../../shared/settings.js';
import { TextField } from '../components/text-field.js';
import { getBridge } from '../store/store.js';
import { useSettingsForm } from '../components/use-settings-form.js';
import { checkFolderForm, errorsFromDirector, type FolderErrors, type FolderForm } from './folder-form.js';
import { NoticeText } from '../components/notice.js';
import { RetentionConfirm } from './retention-confirm.js';

const formFrom = (s: PublicSettings): FolderForm => ({
  path: s.folder.path,
  recent: String(s.retention.recent),
  archive: String(s.retention.archive),
  restoreFolder: s.restore.folder ?? '',
});

export function FolderTab() {
  const { settings, form, notice, setNotice, saving, edit, write: writeSettings, revert } = useSettingsForm(formFrom);
  const [errors, setErrors] = useState<FolderErrors>({});
  const [confirm, setConfirm] = useState<{ patch: SettingsPatch; preview: RetentionPreview } | null>(null);

  const saved = settings ? formFrom(settings) : null;
  const dirty = form !== null && saved !== null && (Object.keys(saved) as (keyof FolderForm)[]).some((k) => form[k] !== saved[k]);
  if (!form || !saved || !settings) return <p>Loading settings…</p>;
  const recentN = Number(form.recent);
  const archiveN = Number(form.archive);
  const total = Number.isInteger(recentN) && Number.isInteger(archiveN) ? recentN + archiveN : null;

  const write = async (patch: SettingsPatch) => {
    const failed = await writeSettings(patch);
    setConfirm(null);
    if (failed !== null) setErrors(errorsFromDirector(failed));
  };

  const save = async () => {
    const { patch, errors: found } = checkFolderForm(form);
    setErrors(found);
    if (!patch?.retention) {
      setNotice({ kind: 'error', text: 'Nothing was saved: correct the marked fields.' });
      return;
    }
    const lowered = loweredRetention(settings.retention, patch.retention);
    if (lowered) {
      // Lower counts delete backups at the next run: show which, and ask first.
      const preview = await getBridge().invoke('settings.retentionPreview', lowered);
      if (!preview.ok) {
        setNotice({ kind: 'error', text: `Nothing was saved: could not work out which backups the new counts delete: ${preview.error.message}` });
        return;
      }
      if (needsRetentionConfirm(preview.value)) {
        setConfirm({ patch, preview: preview.value });
        return;
      }
    }
    await write(patch);
  };

  return (
    <Form
      className="panel"
      aria-labelledby="folder-heading"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2 id="folder-heading">HotBackup Folder</h2>
      <TextField
        label="HotBackup folder"
        name="folder-path"
        className="wide"
        value={form.path}
        onChange={edit('path')}
        error={errors.path}
        description="A local folder on this computer (not a network or UNC path). Created if it does not exist."
      />
      <fieldset className="counts">
        <legend>Number of successful HotBackups to keep</legend>
        <TextField label="Recent" name="recent" inputMode="numeric" value={form.recent} onChange={edit('recent')} error={errors.recent} description="1 to 99" />
        <TextField label="Archive" name="archive" inputMode="numeric" value={form.archive} onChange={edit('archive')} error={errors.archive} description="0 to 99" />
        <p className="total" aria-live="polite">
          Total: <strong data-testid="total">{total ?? '—'}</strong>
        </p>
      </fieldset>
      <TextField
        label="Restore folder"
        name="restore-folder-path"
        className="wide"
        value={form.restoreFolder}
        onChange={edit('restoreFolder')}
        error={errors.restoreFolder}
        description="Operators restore only here: each restore gets a new folder named after the HotBackup and the time. Its real path (no links), outside the HotBackup folder and the data directories. Leave empty to let only admins restore."
      />
      <div className="actions">
        <Button type="submit" className="button primary" isDisabled={saving}>
          {saving ? 'Saving…' : 'Save'}
        </Button>
        <Button
          className="button"
          isDisabled={!dirty || saving}
          onPress={() => {
            revert();
            setErrors({});
          }}
        >
          Revert
        </Button>
        <NoticeText notice={notice} />
      </div>
      {confirm && (
        <RetentionConfirm
          preview={confirm.preview}
          recent={confirm.patch.retention!.recent!}
          archive={confirm.patch.retention!.archive!}
          busy={saving}
          onConfirm={() => void write(confirm.patch)}
          onClose={() => {
            setConfirm(null);
            setNotice({ kind: 'error', text: 'Nothing was saved.' });
          }}
        />
      )}
      <FolderExplained />
    </Form>
  );
}

function FolderExplained() {
  return (
    <section className="explain" aria-labelledby="folders-explained">
      <h3 id="folders-explained">What is kept in the HotBackup folder</h3>
      <dl>
        <dt>Failed</dt>
        <dd>
          Every HotBackup starts here. It moves to Recent only once it has been saved and validated; a backup that did not finish stays here with its
          log so you can see why. A failed backup is removed when a newer successful backup is deleted.
        </dd>
        <dt>Recent</dt>
        <dd>The newest successful HotBackups, up to the Recent count. When there are more, the oldest moves to Archive.</dd>
        <dt>Archive</dt>
        <dd>
          Older successful HotBackups, up to the Archive count; beyond it the oldest is deleted. Tip: point your off-site backup at the Recent folder
          only, and keep more history here.
        </dd>
      </dl>
      <p>Each HotBackup is a folder named by date and number of the day, e.g. 26112601 for the first one on 26 November 2026.</p>
    </section>
  );
}
