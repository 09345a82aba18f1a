import { useEffect, useState } from 'react';
import { Button } from 'react-aria-components';
import type { FixPlace } from '../../shared/overview.js';
import { useApp } from '../store/store.js';
import { failedCopies } from '../offsite/offsite-format.js';
import { AdoptDrive } from './adopt-drive.js';
import { healthLabel, lastGoodText, lastResultText, nextRunText, spaceText } from './overview-format.js';
import './overview.css';

/** The tab a warning is fixed on, as its button says it. */
const fixLabel: Record<FixPlace, string> = {
  'data-directories': 'Data Directories',
  notification: 'Notification',
  vault: 'Vault',
  schedule: 'Schedule',
  folder: 'Folder',
};

/** The landing tab: are my backups OK? A light with its reason, the facts behind it, and what to fix where. */
export function OverviewTab() {
  const overview = useApp((s) => s.overview);
  const error = useApp((s) => s.overviewError);
  const setTab = useApp((s) => s.setTab);
  const offsite = useApp((s) => s.offsite);
  const offsiteFailed = failedCopies(offsite);
  // "3 hours ago" moves on by itself.
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);

  return (
    <section className="panel overview" aria-labelledby="overview-heading">
      <h2 id="overview-heading">Overview</h2>
      {error && (
        <p role="alert" className="notice error">
          {error}
        </p>
      )}
      {!overview && !error && <p>Loading…</p>}
      {overview && (
        <>
          <div className={`health health-${overview.health}`} data-testid="health" data-health={overview.health}>
            <span className="health-light" aria-hidden="true" />
            <p>
              <strong>{healthLabel[overview.health]}</strong>
              <span className="health-reason" data-testid="health-reason">
                {overview.reason}
                {overview.running ? ' · a HotBackup is running now' : ''}
              </span>
            </p>
          </div>
          <dl className="overview-facts">
            <dt>Last good HotBackup</dt>
            <dd data-testid="last-good">{lastGoodText(overview, now)}</dd>
            <dt>Last result</dt>
            <dd data-testid="last-result" className={overview.lastResult && overview.lastResult.result !== 'Succeeded' ? 'fact-bad' : undefined}>
              {lastResultText(overview.lastResult)}
            </dd>
            <dt>Next scheduled run</dt>
            <dd data-testid="next-run">{nextRunText(overview)}</dd>
            <dt>HotBackup drive</dt>
            <dd data-testid="free-space">{spaceText(overview.space)}</dd>
          </dl>
          <h3 id="overview-warnings-heading">Warnings</h3>
          {overview.warnings.length === 0 && offsiteFailed.length === 0 ? (
            <p data-testid="no-warnings">None.</p>
          ) : (
            <ul className="overview-warnings" aria-labelledby="overview-warnings-heading" data-testid="overview-warnings">
              {overview.warnings.map((w, i) => (
                <li key={`${w.kind}-${i}`} className={`warning-${w.level}`} data-kind={w.kind}>
                  <strong>{w.title}.</strong> <span>{w.text}</span>{' '}
                  {w.kind === 'drive' && w.fix && <AdoptDrive />}{' '}
                  {w.fix && (
                    <Button className="button small" onPress={() => setTab(w.fix!)}>
                      Fix on {fixLabel[w.fix]}
                    </Button>
                  )}
                </li>
              ))}
              {offsiteFailed.map((w) => (
                <li key={`offsite-${w.target}`} className="warning-yellow" data-kind="offsite">
                  <strong>Offsite copy failed.</strong> <span>{w.text}</span>{' '}
                  <Button className="button small" onPress={() => setTab('offsite')}>
                    Fix on Offsite
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
