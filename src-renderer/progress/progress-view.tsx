import { useState } from 'react';
import { Button, Label, ProgressBar } from 'react-aria-components';
import { getBridge, useApp } from '../store/store.js';
import { CONSOLE_SYSTEM, CONSOLE_USER } from '../store/light-slice.js';
import { CancelRun } from './cancel-run.js';
import { FirstRun } from './first-run.js';
import { describeTrigger, formatLocalTime, overallPercent, progressLine, summarizeLastRun } from './progress-format.js';
import './progress-view.css';

/** The HotBackup Progress view (above the tabs): what runs now, or how the last run ended. */
export function ProgressView() {
  const status = useApp((s) => s.status);
  const noDirectories = useApp((s) => s.settings !== null && s.settings.dataDirectories.length === 0);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = status?.run ?? null;
  const isUser = useApp((s) => s.about?.signedInAs.role === 'user');
  const start = async () => {
    if (isUser) {
      // A user asks for a backup with the red light (wait until it has completed), like a script's `hotbackup request`.
      await useApp.getState().askLight({ level: 'recommended', wait: 'completed', task: 'Back up before a risky task', detail: 'Make a HotBackup now and wait until it has completed before you start the task.' });
      return;
    }
    setStarting(true);
    setError(null);
    const result = await getBridge().invoke('backup.start', { user: CONSOLE_USER, system: CONSOLE_SYSTEM, task: '', wait: false });
    setStarting(false);
    if (!result.ok) setError(result.error.message);
  };
  const last = status?.lastRun ? summarizeLastRun(status.lastRun) : null;
  const pending = run !== null && status?.status === 'Pending';

  return (
    <section className="progress-view" aria-labelledby="progress-heading">
      <h2 id="progress-heading">HotBackup Progress</h2>
      <div className="progress-fields" aria-live="polite">
        <div>
          <span className="field-name" id="status-label">Status</span>
          <output aria-labelledby="status-label" data-testid="status" className={`status-value status-${status?.status ?? 'Unknown'}`}>
            {status?.status ?? '…'}
          </output>
        </div>
        <div>
          <span className="field-name" id="phase-label">Phase</span>
          <output aria-labelledby="phase-label" data-testid="phase">
            {status?.phase ?? 'N/A'}
          </output>
        </div>
      </div>
      {run && (
        <div className="run-now">
          <ProgressBar className="progress-bar" value={run.progress.percent} valueLabel={overallPercent(run.progress.percent)} isIndeterminate={pending && run.progress.percent === 0}>
            {({ valueText }) => (
              <>
                <div className="progress-label">
                  <Label>Progress</Label>
                  <span data-testid="progress-percent">{pending && run.progress.percent === 0 ? 'preparing…' : valueText}</span>
                </div>
                <div className="progress-track">
                  <div className="progress-fill" style={{ width: `${run.progress.percent}%` }} />
                </div>
              </>
            )}
          </ProgressBar>
          <p data-testid="progress-line">{progressLine(run.progress, status?.phase ?? null)}</p>
          {run.progress.currentFile && <p className="current-file">Now: {run.progress.currentFile}</p>}
          <p data-testid="trigger">
            {describeTrigger(run)} · started {formatLocalTime(run.startedAt)}
            {run.snapshotTaken ? ' · data captured (snapshot point passed)' : ''}
          </p>
          {!isUser && <CancelRun key={run.startedAt} />}
        </div>
      )}
      {!run && (
        <div className="run-idle">
          {last && (
            <p data-testid="last-run" className={last.tone === 'error' ? 'notice error' : 'last-ok'}>
              {last.text}
            </p>
          )}
          {!last && !noDirectories && <p>No HotBackup has run yet.</p>}
          {noDirectories ? (
            <FirstRun />
          ) : (
            <Button className="button primary" isDisabled={starting} onPress={() => void start()}>
              Back Up Data Files
            </Button>
          )}
        </div>
      )}
      {error && (
        <p role="alert" className="notice error">
          {error}
        </p>
      )}
      {status && status.warnings.length > 0 && (
        <ul className="warnings" aria-label="Warnings">
          {status.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
