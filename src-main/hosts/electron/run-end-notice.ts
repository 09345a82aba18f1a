import type { LastRun } from '../../../shared/status.js';
import { formatBytes } from '../../../shared/format.js';

export interface RunEndNotice {
  title: string;
  body: string;
  /** Failed runs stay on screen until dismissed where the OS allows it. */
  timeoutType: 'default' | 'never';
  urgency: 'normal' | 'critical';
}

/** Identifies one finished run, so each end is announced once. */
export const runKey = (last: LastRun | null): string | null => (last ? `${last.id ?? '-'}|${last.startedAt}|${last.endedAt}` : null);

export { formatBytes };

/** The native notification for a run that has just ended, or null when nothing new ended. */
export function runEndNotice(seenKey: string | null, last: LastRun | null): RunEndNotice | null {
  if (!last || runKey(last) === seenKey) return null;
  const name = last.id ? `Backup ${last.id}` : 'The backup';
  if (last.result === 'Succeeded') {
    const size = last.files !== null && last.bytes !== null ? ` ${last.files.toLocaleString('en-US')} files, ${formatBytes(last.bytes)}.` : '';
    return { title: 'HotBackup succeeded', body: `${name} (${last.trigger}) is complete and validated.${size}`, timeoutType: 'default', urgency: 'normal' };
  }
  const where = last.failedPhase ? ` in ${last.failedPhase}` : '';
  return {
    title: 'HotBackup FAILED',
    body: `${name} (${last.trigger}) failed${where}: ${last.error ?? 'no reason was recorded'}. Open the console for details.`,
    timeoutType: 'never',
    urgency: 'critical',
  };
}
