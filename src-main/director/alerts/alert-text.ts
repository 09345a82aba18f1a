import { NO_BACKUP_ALERT_PREFIX } from '../../../shared/alerts.js';
import type { LastRun } from '../../../shared/status.js';
import { readableTime } from '../notify/render.js';

/** What an alert says: the e-mail's subject and body, and the one line the console and tray show. */
export interface AlertText {
  subject: string;
  body: string;
  /** The status warning; null for a message that ends an alert. */
  warning: string | null;
}

export interface StaleFacts {
  hours: number;
  thresholdHours: number;
  /** The last successful backup, or null when none succeeded since `watchingSince`. */
  lastSuccess: { at: string; id: string | null } | null;
  watchingSince: string;
  /** How the last run ended (it may have failed), from the status. */
  lastRun: LastRun | null;
  host: string;
  consoleUrl: string | null;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The status line of the no-backup alert. */
export function staleWarning(f: Pick<StaleFacts, 'hours' | 'lastSuccess' | 'watchingSince'>): string {
  const last = f.lastSuccess
    ? `the last one was ${f.lastSuccess.id ?? 'a backup'} at ${readableTime(f.lastSuccess.at)}`
    : `none since HotBackup started watching at ${readableTime(f.watchingSince)}`;
  return `${NO_BACKUP_ALERT_PREFIX}${plural(f.hours, 'hour')} (${last}). Check the Vault and the schedule, then run a backup.`;
}

export function staleAlertText(f: StaleFacts, repeat: boolean): AlertText {
  const warning = staleWarning(f);
  const lines = [
    `No HotBackup has succeeded on ${f.host} for ${plural(f.hours, 'hour')}.`,
    '',
    f.lastSuccess
      ? `Last successful backup: ${f.lastSuccess.id ?? '(no ID)'}, ended ${readableTime(f.lastSuccess.at)}.`
      : `No backup has succeeded since HotBackup started watching at ${readableTime(f.watchingSince)}.`,
  ];
  if (f.lastRun?.result === 'Failed') {
    lines.push(`Last run: failed ${readableTime(f.lastRun.endedAt)}${f.lastRun.id ? ` (${f.lastRun.id})` : ''}: ${f.lastRun.error ?? 'no reason given'}`);
  } else if (!f.lastRun || f.lastRun.result === 'Succeeded') {
    lines.push('No run has failed since then: check that the schedule is set and not suspended, and that the Director runs.');
  }
  lines.push(
    '',
    'What to do: open the HotBackup console' + (f.consoleUrl ? ` (${f.consoleUrl})` : '') + ', read the reason in the Vault,',
    'fix it and press Back Up Data Files. This alert repeats every ' + plural(f.thresholdHours, 'hour') + ' until a backup succeeds',
    '(setting alerts.staleAfterHours).',
  );
  return {
    subject: `${repeat ? 'Still no' : 'No'} successful HotBackup for ${plural(f.hours, 'hour')} on ${f.host}`,
    body: lines.join('\n'),
    warning,
  };
}

export function okAgainText(f: { id: string | null; at: string; hoursWithout: number; host: string }): AlertText {
  return {
    subject: `HotBackup OK again on ${f.host}: ${f.id ?? 'a backup'} succeeded`,
    body: [
      `HotBackup ${f.id ?? ''} succeeded on ${f.host}, ended ${readableTime(f.at)}.`.replace('  ', ' '),
      `Before it, no backup had succeeded for ${plural(f.hoursWithout, 'hour')}.`,
      '',
      'The no-backup alert is over.',
    ].join('\n'),
    warning: null,
  };
}
