import type { HistoryEntry } from '../../shared/history.js';
import { formatTime } from './vault-rows.js';

/** Pure: attempts the Vault table cannot show (no backup folder, or a missed slot), newest first. */
export function attemptsWithoutFolder(entries: readonly HistoryEntry[], limit = 10): HistoryEntry[] {
  return entries
    .filter((e) => e.id === null && (e.result === 'Failed' || e.result === 'Interrupted' || e.result === 'Missed'))
    .slice(-limit)
    .reverse();
}

/** The run history's failed attempts that never got a backup folder, and missed scheduled slots. */
export function FailedAttempts({ entries }: { entries: readonly HistoryEntry[] }) {
  const shown = attemptsWithoutFolder(entries);
  if (shown.length === 0) return null;
  return (
    <section className="failed-attempts" aria-labelledby="failed-attempts-heading">
      <h3 id="failed-attempts-heading">Attempts without a backup folder</h3>
      <span className="hint">These failed (or were missed) before a backup folder existed, so they used no ID. "hotbackup history" lists every attempt.</span>
      <table>
        <thead>
          <tr>
            <th>Started</th>
            <th>Trigger</th>
            <th>User</th>
            <th>Result</th>
            <th>Ended in</th>
            <th>Cause</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((e) => (
            <tr key={e.key} className="failed">
              <td>{formatTime(e.startedAt)}</td>
              <td>{e.trigger}</td>
              <td>{e.user || '—'}</td>
              <td>{e.result === 'Missed' ? 'Missed' : 'Failed attempt'}</td>
              <td>{e.phase ?? '—'}</td>
              <td>{e.cause ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
