import { formatBytes } from '../../shared/format.js';
import type { OffsiteCopyRecord, OffsiteStatus, OffsiteTargetStatus } from '../../shared/offsite.js';
import type { OffsiteWhen, PublicOffsiteTarget } from '../../shared/offsite-settings.js';
import { describeDays } from '../tabs/schedule-form.js';
import { formatDateTime } from '../format/date-time.js';

// What the Offsite tab, the Vault and the Overview say about targets and copies (pure).

export function whenText(w: OffsiteWhen): string {
  if (w.kind === 'afterRun') return 'After every successful HotBackup';
  return `${describeDays(w.days)} at ${w.times.join(', ')}`;
}

export function retentionText(retention: number | null, recentPlusArchive: number | null): string {
  if (retention !== null) return `Keeps ${retention} ${retention === 1 ? 'copy' : 'copies'}`;
  return recentPlusArchive === null ? 'Keeps as many as Recent + Archive' : `Keeps ${recentPlusArchive} (Recent + Archive)`;
}

export function whereText(t: Pick<PublicOffsiteTarget, 'remote' | 'path'>): string {
  if (t.path === '') return t.remote;
  return t.remote.endsWith(':') || t.remote.endsWith('/') ? t.remote + t.path : `${t.remote}/${t.path}`;
}

/** "Succeeded 30 Nov 2026, 23:40: 2026-11-30_2330 (12 MB sent, encrypted)" or "Failed …: why". */
export function lastCopyText(r: OffsiteCopyRecord | null): string {
  if (!r) return 'No copy yet';
  const when = formatDateTime(r.ended);
  if (!r.ok) return `Failed ${when}: ${r.backupId}${r.attempt > 1 ? ` (attempt ${r.attempt})` : ''}: ${r.error}`;
  return `Succeeded ${when}: ${r.backupId} (${formatBytes(r.bytesSent)} sent, ${r.encrypted ? 'encrypted' : 'not encrypted'})`;
}

const percent = (s: Pick<OffsiteTargetStatus, 'bytesDone' | 'bytesTotal'>) => (s.bytesTotal > 0 ? Math.floor((100 * s.bytesDone) / s.bytesTotal) : 0);

/** What the target's copy job does now, or null when idle. */
export function progressText(s: OffsiteTargetStatus): string | null {
  const waiting = s.queued.length > 0 ? `; ${s.queued.length} waiting` : '';
  switch (s.state) {
    case 'idle':
      return s.queued.length > 0 ? `${s.queued.length} waiting to be copied` : null;
    case 'queued':
      return `Queued: ${[s.backupId, ...s.queued].filter(Boolean).join(', ')}`;
    case 'waiting to retry':
      return `Copy of ${s.backupId ?? 'a backup'} failed; trying again ${s.nextRetry ? formatDateTime(s.nextRetry) : 'soon'}${waiting}`;
    case 'failed':
      return `Copy of ${s.backupId ?? 'a backup'} failed${waiting}`;
    case 'retention':
      return `Removing older copies on the target${waiting}`;
    default: {
      const size = s.bytesTotal > 0 ? ` ${percent(s)}% (${formatBytes(s.bytesDone)} of ${formatBytes(s.bytesTotal)})` : '';
      return `${s.state === 'checking' ? 'Checking' : 'Copying'} ${s.backupId ?? ''}:${size}${s.step ? `, ${s.step}` : ''}${waiting}`;
    }
  }
}

/** One target's word for one backup in the Vault's Offsite column. */
export function copyWord(s: OffsiteTargetStatus, backupId: string): string | null {
  if (s.backupId === backupId && (s.state === 'copying' || s.state === 'checking')) return `${s.state} ${percent(s)}%`;
  if (s.backupId === backupId && s.state === 'waiting to retry') return 'failed, will retry';
  if (s.queued.includes(backupId) || (s.backupId === backupId && s.state === 'queued')) return 'queued';
  if (s.onTarget?.includes(backupId)) return 'copied';
  if (s.lastCopy && s.lastCopy.backupId === backupId && !s.lastCopy.ok) return 'failed';
  return null;
}

/** "Office NAS: copied · B2: queued", or '' when no target holds or handles it. */
export function offsiteCell(status: OffsiteStatus | null, backupId: string): string {
  if (!status) return '';
  return status.targets
    .map((s) => [s.label, copyWord(s, backupId)] as const)
    .filter(([, w]) => w !== null)
    .map(([label, w]) => `${label}: ${w}`)
    .join(' · ');
}

/** Targets whose last copy failed, for the Overview's warnings. */
export function failedCopies(status: OffsiteStatus | null): { target: string; label: string; text: string }[] {
  return (status?.targets ?? [])
    .filter((s) => s.lastCopy && !s.lastCopy.ok)
    .map((s) => ({ target: s.target, label: s.label, text: `The last copy of ${s.lastCopy!.backupId} to "${s.label}" failed ${formatDateTime(s.lastCopy!.ended)}: ${s.lastCopy!.error}` }));
}
