import { formatBytes } from '../../../shared/format.js';
import { logText } from '../../../shared/log-text.js';
import type { OffsiteCheckResult, OffsiteCopyRecord, OffsiteListing, OffsiteStatus } from '../../../shared/offsite.js';
import type { PublicOffsiteTarget } from '../../../shared/offsite-settings.js';

// Plain-text views for `hotbackup offsite …` (pure).

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n');
}

export function formatTargets(targets: readonly PublicOffsiteTarget[], status: OffsiteStatus): string {
  if (targets.length === 0) return 'No offsite targets yet: add one in the console\'s Offsite tab (or settings.json "offsite").';
  const rows = targets.map((t) => {
    const s = status.targets.find((x) => x.target === t.id);
    const last = s?.lastCopy;
    return [
      t.id,
      t.label,
      `${t.remote}${t.path ? (t.remote.endsWith(':') ? '' : '/') + t.path : ''}`,
      t.enabled ? (t.when.kind === 'afterRun' ? 'after each run' : `own schedule ${t.when.times.join(',')}`) : 'disabled',
      t.recipients.length ? `age, ${t.recipients.length} key(s)` : 'none',
      s ? s.state + (s.backupId ? ` ${s.backupId}` : '') + (s.queued.length ? ` (queued ${s.queued.join(',')})` : '') : 'idle',
      last ? `${last.backupId} ${last.ok ? 'complete' : `FAILED: ${last.error}`}` : '-',
    ].map((c) => logText(c));
  });
  return table([['ID', 'LABEL', 'REMOTE', 'WHEN', 'ENCRYPTION', 'NOW', 'LAST COPY'], ...rows]);
}

export function formatCopies(l: OffsiteListing): string {
  if (l.copies.length === 0) return `No copies on target "${l.target}" yet.`;
  const rows = [...l.copies].reverse().map((c) => [c.backupId, c.complete ? 'complete' : 'INCOMPLETE', c.encrypted ? 'age' : 'plain', String(c.parts), formatBytes(c.bytes), c.copied ?? '-']);
  return table([['ID', 'STATE', 'ENCRYPTION', 'PARTS', 'SIZE', 'COPIED'], ...rows]);
}

export function formatCopyResult(r: OffsiteCopyRecord): string {
  return r.ok
    ? `${r.backupId} → "${r.label}": complete and checked (${formatBytes(r.bytesSent)} sent${r.encrypted ? ', encrypted' : ''})`
    : `${r.backupId} → "${r.label}": FAILED (attempt ${r.attempt}): ${logText(r.error)}`;
}

/** `hotbackup offsite check`: one line per copy, then each problem on its own line. */
export function formatCheck(r: OffsiteCheckResult): string {
  const by = (how: string) => r.files.filter((f) => f.how === how).length;
  const head = r.ok
    ? `${'OK'.padEnd(10)} "${r.label}": the copy of ${r.backupId} matches its OFFSITE.json: ${r.files.length} files (${by('remote hash')} by the remote's hash, ${by('downloaded')} downloaded and hashed)`
    : `${(r.complete ? 'DAMAGED' : 'INCOMPLETE').padEnd(10)} "${r.label}": the copy of ${r.backupId}: ${r.problems.length} problem(s)`;
  return [head, ...r.problems.map((p) => `  ${logText(p)}`)].join('\n');
}
