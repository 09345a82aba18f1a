import type { OffsiteStatus } from '../../../shared/offsite.js';

/** `{{offsite}}`: each target's state in one line, a failed copy named with its cause (pure). */
export function offsiteWords(s: OffsiteStatus): string {
  return s.targets
    .map((t) => {
      const last = t.lastCopy;
      const lastWords = last ? (last.ok ? `last copy ${last.backupId} complete` : `copy of ${last.backupId} FAILED: ${last.error}`) : 'no copy yet';
      const waiting = t.queued.length ? `queued ${t.queued.join(', ')}` : '';
      const doing = t.state === 'idle' || t.state === 'queued' ? '' : `${t.state}${t.backupId ? ` ${t.backupId}` : ''}`;
      const now = doing || waiting ? ` (now: ${[doing, waiting].filter(Boolean).join('; ')})` : '';
      return `${t.label}: ${lastWords}${now}`;
    })
    .join('\n');
}
