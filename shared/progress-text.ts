// How a running backup's progress is worded in the console, the tray and the CLI alike.
// The percent covers the whole run (every phase, weighed by its cost); the byte and file counts
// are the current phase's own (bytes restart at each phase), so they are labelled "This phase"
// with the phase's own share beside them, never next to the run's percent unlabelled.
// Pure and locale-independent.
import { formatBytes, formatDuration } from './format.js';
import type { Phase, Progress } from './status.js';

export const thousands = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Bytes per second always in MB/s, one decimal ("0.4 MB/s", "48.0 MB/s"): easy to compare run to run. */
export const formatRate = (bytesPerSecond: number): string => `${(bytesPerSecond / (1024 * 1024)).toFixed(1)} MB/s`;

export const formatEta = (eta: number | null): string => (eta === null ? 'estimating time left…' : `about ${formatDuration(eta)} left`);

/** The run's percent, whole and named as the whole backup's: "26% overall" (never 100 before the end). */
export function overallPercent(percent: number): string {
  return `${Math.floor(Math.min(100, Math.max(0, percent)))}% overall`;
}

/** The phase's own share done (bytes when it counts bytes, else files); null when it has no total. */
export function phaseShare(p: Pick<Progress, 'bytesDone' | 'bytesTotal' | 'filesDone' | 'filesTotal'>): number | null {
  const f = p.bytesTotal > 0 ? p.bytesDone / p.bytesTotal : p.filesTotal > 0 ? p.filesDone / p.filesTotal : null;
  return f === null ? null : Math.floor(Math.min(1, Math.max(0, f)) * 100);
}

/**
 * "This phase: 40 MB of 160 MB (25%), 120 of 400 files"; "This phase: 1,500 files found";
 * '' when the phase counts nothing. Databases are named so in Saving Files.
 */
export function phaseCounts(p: Progress, phase: Phase | null): string {
  const noun = phase === 'Saving Files' ? 'databases' : 'files';
  const share = phaseShare(p);
  const counts: string[] = [];
  if (p.bytesTotal > 0) counts.push(`${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)} (${share}%)`);
  if (p.filesTotal > 0) counts.push(`${thousands(p.filesDone)} of ${thousands(p.filesTotal)} ${noun}${p.bytesTotal > 0 ? '' : ` (${share}%)`}`);
  else if (p.filesDone > 0) counts.push(`${thousands(p.filesDone)} files found`);
  return counts.length ? `This phase: ${counts.join(', ')}` : '';
}

/** The phase's counts, the rate and the run's time left: "This phase: … · 3.2 MB/s · about 1 min left". */
export function progressLine(p: Progress, phase: Phase | null = null): string {
  const counts = phaseCounts(p, phase);
  const parts = counts ? [counts] : [];
  if (p.bytesPerSecond !== null && p.bytesPerSecond !== undefined) parts.push(formatRate(p.bytesPerSecond));
  if (parts.length || p.etaSeconds !== null) parts.push(formatEta(p.etaSeconds));
  return parts.join(' · ');
}
