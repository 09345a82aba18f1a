import { useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import type { FolderCheck } from '../../shared/folder-check.js';
import { formatBytes } from '../../shared/format.js';
import { NoticeText, type Notice } from '../components/notice.js';
import { TextField } from '../components/text-field.js';
import { getBridge, useApp } from '../store/store.js';

/**
 * First run, in setup order: 1. the HotBackup folder (with the free space on its drive; never
 * silently the service account's home), 2. data directories; then SetupNext carries on with
 * the schedule, e-mail and the first backup.
 */
export function FirstRun() {
  const folderDone = useApp((s) => s.setupFolderDone);
  return (
    <div className="first-run" role="region" aria-labelledby="first-run-heading">
      <h3 id="first-run-heading">Nothing to back up yet</h3>
      <p>
        HotBackup copies the folders that hold your office data — databases, client documents, data files — while people keep working in
        them. Set it up in a few steps:
      </p>
      <SetupSteps current={folderDone ? 2 : 1} />
      {folderDone ? <DirectoryStep /> : <FolderStep />}
    </div>
  );
}

const STEPS = ['HotBackup folder', 'Data directories', 'Schedule', 'E-mail', 'Back up now'];

export function SetupSteps({ current }: { current: number }) {
  return (
    <ol className="setup-steps" aria-label="Setup steps">
      {STEPS.map((s, i) => (
        <li key={s} aria-current={i + 1 === current ? 'step' : undefined} className={i + 1 < current ? 'done' : i + 1 === current ? 'current' : ''}>
          {/* The number (or ✓) inside the item: list markers sat in the gap and ran into the step before. */}
          <span className="step-mark">{i + 1 < current ? '✓' : `${i + 1}.`}</span> {s}
        </li>
      ))}
    </ol>
  );
}

function FolderStep() {
  const saved = useApp((s) => s.settings?.folder.path ?? '');
  const confirmFolder = useApp((s) => s.confirmSetupFolder);
  const [path, setPath] = useState(saved);
  const [check, setCheck] = useState<FolderCheck | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      void getBridge()
        .invoke('folder.check', { path })
        .then((r) => live && setCheck(r.ok ? r.value : null));
    }, 250);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [path]);

  const use = async () => {
    setBusy(true);
    const r = path === saved ? null : await getBridge().invoke('settings.update', { folder: { path } });
    setBusy(false);
    if (r && !r.ok) return setNotice({ kind: 'error', text: r.error.message });
    confirmFolder();
  };
  const current = check?.path === path ? check : null;
  return (
    <div className="setup-step">
      <h4>1. Where should backups go?</h4>
      <TextField
        label="HotBackup folder"
        className="wide"
        value={path}
        onChange={(v) => {
          setPath(v);
          setNotice(null);
        }}
        error={current?.problem}
        description="Best on another drive than the data (a second disk or a USB drive), so a failed disk does not take the backups with it."
      />
      <p data-testid="folder-free" aria-live="polite">
        {current?.freeBytes != null
          ? `${formatBytes(current.freeBytes)} free on this drive${current.exists ? '' : '; the folder is created at the first backup'}.`
          : '\u00a0'}
      </p>
      <div className="actions">
        <Button className="button primary" isDisabled={busy || !current || current.problem !== null} onPress={() => void use()}>
          Use this folder
        </Button>
        <NoticeText notice={notice} />
      </div>
    </div>
  );
}

function DirectoryStep() {
  const requestAdd = useApp((s) => s.requestAddDirectory);
  return (
    <div className="setup-step">
      <h4>2. Which folders hold your data?</h4>
      <p>Add the first one; you can add more later on the Data Directories tab.</p>
      <Button className="button primary" onPress={requestAdd}>
        Add a data directory
      </Button>
    </div>
  );
}
