import { useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import type { DataDirectory } from '../../shared/settings.js';
import { isSameOrInside } from '../../shared/paths.js';
import { useTrafficLight } from '../components/traffic-light/use-traffic-light.js';
import { getBridge, useApp } from '../store/store.js';
import { DirectoryDialog } from './directory-dialog.js';
import { EngineOptionsForm } from './engine-options-form.js';
import './data-directories.css';
import { NoticeText, useNotice } from '../components/notice.js';
import { unmatchedFor, type ExcludeReport } from '../../shared/exclude-report.js';
import { UnmatchedExcludes } from './unmatched-excludes.js';

/** The folders HotBackup backs up: add, edit (label, excludes), remove. */
export function DataDirectoriesTab() {
  const settings = useApp((s) => s.settings);
  const addRequested = useApp((s) => s.addDirectoryRequested);
  const clearAddRequest = useApp((s) => s.clearAddDirectoryRequest);
  const { ask } = useTrafficLight();
  const [dialog, setDialog] = useState<{ editing: number | null } | null>(null);
  const [notice, setNotice] = useNotice();
  // Exclude patterns the newest backup found matching nothing: asked again after each run ends.
  const lastRunEnded = useApp((s) => s.status?.lastRun?.endedAt ?? null);
  const [excludeReport, setExcludeReport] = useState<ExcludeReport | null>(null);
  useEffect(() => {
    let live = true;
    void getBridge()
      .invoke('settings.excludeReport', {})
      .then((r) => live && setExcludeReport(r.ok ? r.value : null));
    return () => {
      live = false;
    };
  }, [lastRunEnded]);
  // The next edit clears the last result line, as on the other tabs.
  const open = (editing: number | null) => {
    setNotice(null);
    setDialog({ editing });
  };

  // The first-run prompt sends the admin here to add a directory straight away.
  useEffect(() => {
    if (addRequested) {
      setDialog({ editing: null });
      clearAddRequest();
    }
  }, [addRequested, clearAddRequest]);

  if (!settings) return <p>Loading settings…</p>;
  const dirs = settings.dataDirectories;
  const name = (d: DataDirectory) => d.label || d.path;

  const remove = async (index: number) => {
    const d = dirs[index];
    if (!d) return;
    setNotice(null);
    // Suggested with a red light: the last backup holding this folder should be complete and validated before it leaves the list.
    const choice = await ask({
      level: 'suggested',
      wait: 'completed',
      task: `Remove data directory ${name(d)}`,
      detail: 'Its files stay where they are, but no new backup will contain them; older backups age out as usual.',
    });
    if (choice === 'cancel') {
      setNotice({ kind: 'ok', text: `Cancelled: ${name(d)} is still backed up.` });
      return;
    }
    const latest = useApp.getState().settings?.dataDirectories ?? dirs;
    const result = await getBridge().invoke('settings.update', { dataDirectories: latest.filter((x) => x.path !== d.path) });
    setNotice(result.ok ? { kind: 'ok', text: `Removed ${name(d)} from the data directories.` } : { kind: 'error', text: result.error.message });
  };

  return (
    <section className="panel" aria-labelledby="dirs-heading">
      <h2 id="dirs-heading">Data Directories</h2>
      <p>
        The folders whose files every HotBackup copies while people keep working: SQLite databases are captured consistently, other files
        are read until they hold still.
      </p>
      {dirs.length === 0 ? (
        <div className="first-run">
          <h3>No data directory yet</h3>
          <p>Add the folder that holds your office data — for example the folder of your accounting ledger and client documents.</p>
        </div>
      ) : (
        <table className="dirs-table">
          <caption className="visually-hidden">Folders backed up by every HotBackup</caption>
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col">Folder</th>
              <th scope="col">Excluded</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {dirs.map((d, i) => (
              <tr key={d.path}>
                <td>{d.label || <span className="muted">(folder name)</span>}</td>
                <td className="path">
                  {d.path}
                  {isSameOrInside(settings.folder.path, d.path) && (
                    <div className="muted">Holds the HotBackup folder, which is skipped in every backup.</div>
                  )}
                </td>
                <td>
                  {d.exclude.length ? d.exclude.join(', ') : <span className="muted">nothing</span>}
                  <UnmatchedExcludes patterns={d.exclude.filter((g) => unmatchedFor(excludeReport, d.path).has(g))} backupId={excludeReport?.id ?? null} />
                  {d.includeUnsettled && <div className="muted">Files that keep changing: included with a warning</div>}
                </td>
                <td>
                  <div className="row-actions">
                  <Button className="button" aria-label={`Edit ${name(d)}`} onPress={() => open(i)}>
                    Edit
                  </Button>
                  <Button className="button danger" aria-label={`Remove ${name(d)}`} onPress={() => void remove(i)}>
                    Remove
                  </Button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="actions">
        <Button className="button primary" onPress={() => open(null)}>
          Add data directory
        </Button>
        <NoticeText notice={notice} />
      </div>
      {dialog && (
        <DirectoryDialog
          editing={dialog.editing}
          excludeReport={excludeReport}
          onClose={(saved) => {
            setDialog(null);
            if (saved) setNotice({ kind: 'ok', text: `Saved ${saved}.` });
          }}
        />
      )}
      <EngineOptionsForm />
    </section>
  );
}
