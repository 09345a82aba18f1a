import type { LightUpdate, RunOutcome } from '../../../shared/run.js';
import type { StatusSnapshot } from '../../../shared/status.js';
import { formatBytes } from '../../../shared/format.js';
import { overallPercent, phaseCounts, progressLine } from '../../../shared/progress-text.js';
import { logText } from '../../../shared/log-text.js';

const bytes = (n: number | null) => (n === null ? '-' : formatBytes(n));

/** One line per status/phase change of a run: `Pending — Locking Files`. */
export function formatStep(s: Pick<StatusSnapshot, 'status' | 'phase'>): string {
  return `${s.status}${s.phase ? ` — ${s.phase}` : ''}`;
}

/**
 * One terminal line for a running backup, worded as the console words it (shared/progress-text.ts):
 * `Saving — Streaming Files [#####---------------] 26% overall · This phase: 40 MB of 160 MB (25%), 5 of 20 files · 48.0 MB/s · about 12 s left`.
 */
export function formatProgressBar(s: Pick<StatusSnapshot, 'status' | 'phase' | 'run'>, width = 20): string {
  const p = s.run?.progress;
  if (!p) return formatStep(s);
  const filled = Math.round((Math.min(100, Math.max(0, p.percent)) / 100) * width);
  const line = progressLine(p, s.phase);
  return `${formatStep(s)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${overallPercent(p.percent)}${line ? ` · ${line}` : ''}`;
}

/** A phase's final counts for a log or pipe (one line per phase): `  This phase: 20 of 20 files (100%)`; '' when it counted nothing. */
export function formatPhaseEnd(s: Pick<StatusSnapshot, 'phase' | 'run'>): string {
  const p = s.run?.progress;
  const counts = p ? phaseCounts(p, s.phase) : '';
  return counts ? `  ${counts}` : '';
}

export function formatOutcome(o: RunOutcome): string {
  if (o.result === 'Succeeded') {
    const lines = [`HotBackup ${o.id} Succeeded: ${o.files ?? 0} files, ${bytes(o.bytes)}${o.backupPath ? ` in ${o.backupPath}` : ''}`];
    for (const w of o.warnings) lines.push(`Warning: ${w}`);
    return lines.map((l) => logText(l)).join('\n');
  }
  // A cause names folders and files: their control characters and line breaks are escaped (shared/log-text.ts).
  return logText(`HotBackup ${o.id ?? '(no ID)'} Failed${o.failedPhase ? ` in ${o.failedPhase}` : ''}: ${o.error ?? 'no reason given'}`);
}

export function formatLight(u: LightUpdate): string {
  if (u.state === 'waiting') return `waiting: ${formatStep(u)}`;
  if (u.state === 'go') return 'go: you can go on';
  return `failed: ${u.reason ?? 'the HotBackup failed'}`;
}
