import type { Phase } from '../../../shared/status.js';

// Honest progress, as pure calculations (the tracker feeds them the clock and the counts):
// phases weighted by what they really cost, bytes/s over a sliding window, and a time left
// that falls as work is done and rises only when the work truly slowed down.

/** The phases whose work is measured in bytes, in run order. */
export const COST_PHASES = ['Locking Files', 'Saving Files', 'Streaming Files', 'Validating Save'] as const;
export type CostPhase = (typeof COST_PHASES)[number];
export const isCostPhase = (p: Phase): p is CostPhase => (COST_PHASES as readonly Phase[]).includes(p);

/** Bytes each phase handles in this run. */
export interface WorkSizes {
  fileBytes: number;
  databaseBytes: number;
  totalBytes: number;
}

/** What the previous successful run measured: how long each phase took for how many bytes in all. */
export interface PhaseCosts {
  bytes: number;
  ms: Record<CostPhase, number>;
}

/** Without a measured run: relative time per byte (reading a file, copying a database, tar + gzip, re-reading volumes). */
export const DEFAULT_COST_PER_BYTE: Record<CostPhase, number> = { 'Locking Files': 1, 'Saving Files': 1.2, 'Streaming Files': 1.6, 'Validating Save': 0.4 };

const phaseBytes = (p: CostPhase, s: WorkSizes): number =>
  p === 'Locking Files' ? s.fileBytes : p === 'Saving Files' ? s.databaseBytes : s.totalBytes;

/**
 * Each phase's share of the measured work, summing to 1. With a previous run, its phase times
 * scaled to this run's size; otherwise bytes × a default cost. No phase weighs nothing.
 */
export function phaseWeights(sizes: WorkSizes, previous: PhaseCosts | null): Record<CostPhase, number> {
  const measured = previous !== null && previous.bytes > 0 && COST_PHASES.every((p) => Number.isFinite(previous.ms[p]) && previous.ms[p] >= 0);
  const raw = COST_PHASES.map((p) => (measured ? previous!.ms[p] * (sizes.totalBytes / previous!.bytes) : DEFAULT_COST_PER_BYTE[p] * phaseBytes(p, sizes)));
  const total = raw.reduce((a, b) => a + b, 0);
  // A phase is never weightless: 1% of the whole at least (a tiny phase still takes a moment).
  const floored = raw.map((x) => Math.max(x, total > 0 ? total * 0.01 : 1));
  const sum = floored.reduce((a, b) => a + b, 0);
  return Object.fromEntries(COST_PHASES.map((p, i) => [p, floored[i]! / sum])) as Record<CostPhase, number>;
}

/** The measured phases run from START% to END%; the short steps around them share the rest. */
export const START = 2;
export const END = 98;

/** Overall percent for being `fraction` through `phase`. */
export function weightedPercent(phase: Phase, fraction: number, weights: Record<CostPhase, number> | null): number {
  const f = Math.min(1, Math.max(0, fraction));
  if (phase === 'HotBackup Succeeded') return 100;
  if (phase === 'Removing Old Backups') return END + (100 - END) * f;
  if (!isCostPhase(phase) || !weights) return START * f;
  const idx = COST_PHASES.indexOf(phase);
  const before = COST_PHASES.slice(0, idx).reduce((a, p) => a + weights[p], 0);
  return START + (END - START) * (before + f * weights[phase]);
}

/** A quantity's rate of change over the last `windowMs` (bytes/s, percent/s). */
export class SlidingRate {
  private samples: { t: number; v: number }[] = [];
  constructor(private readonly windowMs = 5_000) {}

  add(t: number, value: number): void {
    this.samples.push({ t, v: value });
    // Keep one sample older than the window, so the window is always spanned in full.
    while (this.samples.length > 2 && this.samples[1]!.t <= t - this.windowMs) this.samples.shift();
  }

  /** Per second; null until the samples span at least `minSpanMs`. */
  perSecond(minSpanMs = 1_000): number | null {
    const first = this.samples[0];
    const last = this.samples.at(-1);
    if (!first || !last || last.t - first.t < minSpanMs) return null;
    return Math.max(0, ((last.v - first.v) * 1000) / (last.t - first.t));
  }
}

/** How much the raw estimate may exceed the running countdown before the time left rises: only a real slowdown. */
export const RISE_TOLERANCE = 1.25;
export const RISE_SLACK_S = 3;

/**
 * The time left to show (seconds), from the one shown `elapsedS` ago and a fresh estimate.
 * It counts down with the clock and drops at once to a lower estimate; a higher estimate is
 * shown only when it is clearly (25% + 3 s) above the countdown — the run truly slowed down.
 */
export function nextEta(shown: number | null, elapsedS: number, estimate: number | null): number | null {
  if (estimate === null) return shown === null ? null : Math.max(0, shown - elapsedS);
  if (shown === null) return estimate;
  const countdown = Math.max(0, shown - elapsedS);
  if (estimate <= countdown) return estimate;
  if (estimate <= countdown * RISE_TOLERANCE + RISE_SLACK_S) return countdown;
  return estimate;
}

/** Seconds left from the percent still to do and the percent gained per second (null without a pace). */
export function etaFromPace(percent: number, percentPerSecond: number | null): number | null {
  if (percentPerSecond === null || percentPerSecond <= 0) return null;
  return (100 - percent) / percentPerSecond;
}

/** Before there is a pace: the previous run's time for the work left, scaled to this run's size. */
export function etaFromPrevious(percent: number, sizes: WorkSizes | null, previous: PhaseCosts | null): number | null {
  if (!sizes || !previous || previous.bytes <= 0) return null;
  const totalMs = COST_PHASES.reduce((a, p) => a + previous.ms[p], 0) * (sizes.totalBytes / previous.bytes);
  const measuredShare = Math.max(0, Math.min(1, (END - percent) / (END - START)));
  return (totalMs * measuredShare) / 1000;
}
