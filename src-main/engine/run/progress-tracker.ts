import { statusOfPhase, type Phase, type Progress } from '../../../shared/status.js';
import {
  etaFromPace,
  etaFromPrevious,
  isCostPhase,
  nextEta,
  phaseWeights,
  SlidingRate,
  weightedPercent,
  type CostPhase,
  type PhaseCosts,
  type WorkSizes,
} from './progress-estimate.js';
import type { Clock } from '../../base/clock.js';
import { RateGate } from '../../base/throttle.js';
import type { ProgressEvent } from './run-types.js';

export type { PhaseCosts, WorkSizes };

/**
 * Samples for the rates are taken at most this often (many small files report far more often).
 * This is measuring, not throttling: a sample feeds the byte rate and the ETA, and a phase change
 * takes one at once; what is sent goes through the emit gate (base/throttle.ts's RateGate).
 */
const SAMPLE_MS = 100;
const BYTES_WINDOW_MS = 5_000;
const PACE_WINDOW_MS = 10_000;
/** The pace is trusted once it spans this long; before, the previous run's times stand in. */
const PACE_MIN_SPAN_MS = 2_000;

/** Turns phase and byte counts into throttled progress events (progress-estimate.ts does the sums). */
export class ProgressTracker {
  private phase: Phase = 'Initializing';
  private sizes: WorkSizes | null = null;
  private weights: Record<CostPhase, number> | null = null;
  private progress: Progress = { percent: 0, bytesDone: 0, bytesTotal: 0, filesDone: 0, filesTotal: 0, currentFile: null, etaSeconds: null, bytesPerSecond: null };
  private readonly emitGate: RateGate;
  /** Counts applied to `progress` since the last event (the phase's final counts still to send). */
  private unsent = false;
  private readonly sampleGate: RateGate;
  /** Bytes handled by the phases already over (each phase counts its own from 0). */
  private bytesBefore = 0;
  private readonly bytesRate = new SlidingRate(BYTES_WINDOW_MS);
  private readonly pace = new SlidingRate(PACE_WINDOW_MS);
  private eta: { shown: number | null; at: number } = { shown: null, at: 0 };
  /** The counts last given to `update`, not yet in `progress`. */
  private readonly latest = { bytesDone: 0, filesDone: 0, currentFile: null as string | null, pending: false };

  constructor(
    private readonly clock: Clock,
    private readonly emit: ((e: ProgressEvent) => void) | undefined,
    intervalMs = 200,
    /** The previous successful run's phase times (null: default costs per byte). */
    private previous: PhaseCosts | null = null,
  ) {
    const now = () => this.clock().getTime();
    this.emitGate = new RateGate(intervalMs, now);
    this.sampleGate = new RateGate(SAMPLE_MS, now);
  }

  /** The previous run's phase times, when they arrive after the tracker was made (before setSizes). */
  setPrevious(previous: PhaseCosts | null): void {
    this.previous = previous;
  }

  setSizes(sizes: WorkSizes): void {
    this.sizes = sizes;
    this.weights = phaseWeights(sizes, this.previous);
  }

  /** The phase's files done and its total as they stand (HB.LOG's end-of-phase lines). */
  fileCounts(): string {
    this.apply();
    return `${this.progress.filesDone} of ${this.progress.filesTotal} files`;
  }

  get current(): Phase {
    return this.phase;
  }

  enter(phase: Phase, bytesTotal = 0, filesTotal = 0): void {
    this.apply();
    // The phase's final counts go out once before the next phase starts: a short phase can end
    // between two throttled events, and its last "N of M files" would otherwise never be shown.
    if (this.unsent) {
      this.sample(true);
      this.send(true);
    }
    this.bytesBefore += this.progress.bytesDone;
    this.phase = phase;
    const percent = phase === 'HotBackup Failed' ? this.progress.percent : Math.max(this.progress.percent, weightedPercent(phase, 0, this.weights));
    this.progress = { ...this.progress, percent, bytesDone: 0, bytesTotal, filesDone: 0, filesTotal, currentFile: null };
    this.sample(true);
    this.send(true);
  }

  /**
   * Counts as they stand; a run of many small files calls this once a file, so only the latest
   * counts are kept until a sample or an event is due (the bar and the rates are the same).
   */
  update(bytesDone: number, filesDone: number, currentFile: string | null): void {
    this.latest.bytesDone = bytesDone;
    this.latest.filesDone = filesDone;
    this.latest.currentFile = currentFile;
    this.latest.pending = true;
    if (!this.sampleGate.due() && !this.emitGate.due()) return;
    this.apply();
    this.sample(false);
    this.send(false);
  }

  private apply(): void {
    if (!this.latest.pending) return;
    this.latest.pending = false;
    const { bytesDone, filesDone, currentFile } = this.latest;
    const p = this.progress;
    const fraction = p.bytesTotal > 0 ? bytesDone / p.bytesTotal : p.filesTotal > 0 ? filesDone / p.filesTotal : 0;
    // The bar never moves back.
    const percent = Math.max(p.percent, weightedPercent(this.phase, fraction, this.weights));
    this.progress = { ...p, percent, bytesDone, filesDone, currentFile };
    this.unsent = true;
  }

  private sample(force: boolean): void {
    const now = this.clock().getTime();
    if (!this.sampleGate.pass(force, now)) return;
    const measured = isCostPhase(this.phase);
    this.bytesRate.add(now, this.bytesBefore + this.progress.bytesDone);
    if (measured) this.pace.add(now, this.progress.percent);
    let estimate: number | null;
    if (this.phase === 'HotBackup Succeeded') estimate = 0;
    else if (this.phase === 'HotBackup Failed') estimate = null;
    else estimate = (measured ? etaFromPace(this.progress.percent, this.pace.perSecond(PACE_MIN_SPAN_MS)) : null) ?? etaFromPrevious(this.progress.percent, this.sizes, this.previous);
    const shown = this.phase === 'HotBackup Failed' ? null : this.phase === 'HotBackup Succeeded' ? 0 : nextEta(this.eta.shown, (now - this.eta.at) / 1000, estimate);
    this.eta = { shown, at: now };
    const rate = measured ? this.bytesRate.perSecond() : null;
    this.progress = { ...this.progress, etaSeconds: shown === null ? null : Math.round(shown), bytesPerSecond: rate === null ? null : Math.round(rate) };
  }

  private send(force: boolean): void {
    if (!this.emitGate.pass(force)) return;
    this.unsent = false;
    this.emit?.({ status: statusOfPhase[this.phase], phase: this.phase, progress: { ...this.progress, percent: Math.round(this.progress.percent * 10) / 10 } });
  }
}
