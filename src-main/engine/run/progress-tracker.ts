import { statusOfPhase, type Phase, type Progress } from '../../../shared/status.js';
import type { Clock, ProgressEvent } from './run-types.js';

/** Work each phase stands for, in bytes, so one percent means about the same time throughout. */
export interface WorkSizes {
  fileBytes: number;
  databaseBytes: number;
  totalBytes: number;
}

type Measured = 'Locking Files' | 'Saving Files' | 'Streaming Files' | 'Validating Save';
const MEASURED: readonly Measured[] = ['Locking Files', 'Saving Files', 'Streaming Files', 'Validating Save'];
const START = 2;
const END = 98;

/** Overall percent for being `fraction` through `phase`: pure, so it can be tested by table. */
export function overallPercent(phase: Phase, fraction: number, sizes: WorkSizes | null): number {
  if (phase === 'HotBackup Succeeded') return 100;
  if (phase === 'Removing Old Backups') return END + (100 - END) * fraction;
  const idx = MEASURED.indexOf(phase as Measured);
  if (idx < 0 || !sizes) return phase === 'HotBackup Failed' ? 0 : START * Math.min(1, Math.max(0, fraction));
  const w = [sizes.fileBytes, sizes.databaseBytes, sizes.totalBytes, sizes.totalBytes].map((x) => Math.max(x, 1));
  const total = w.reduce((a, b) => a + b, 0);
  const before = w.slice(0, idx).reduce((a, b) => a + b, 0);
  const f = Math.min(1, Math.max(0, fraction));
  return START + ((END - START) * (before + f * (w[idx] as number))) / total;
}

/** Seconds left, from the pace since the measured work began; null until there is a pace. */
export function etaSeconds(percent: number, startedPercent: number, elapsedMs: number): number | null {
  const gained = percent - startedPercent;
  if (gained < 0.5 || elapsedMs < 500) return null;
  return Math.round(((100 - percent) * elapsedMs) / gained / 1000);
}

/** Turns phase and byte counts into throttled progress events. */
export class ProgressTracker {
  private phase: Phase = 'Initializing';
  private sizes: WorkSizes | null = null;
  private progress: Progress = { percent: 0, bytesDone: 0, bytesTotal: 0, filesDone: 0, filesTotal: 0, currentFile: null, etaSeconds: null };
  private lastEmit = 0;
  private measuredFrom: { at: number; percent: number } | null = null;

  constructor(
    private readonly clock: Clock,
    private readonly emit: ((e: ProgressEvent) => void) | undefined,
    private readonly intervalMs = 200,
  ) {}

  setSizes(sizes: WorkSizes): void {
    this.sizes = sizes;
  }

  get current(): Phase {
    return this.phase;
  }

  enter(phase: Phase, bytesTotal = 0, filesTotal = 0): void {
    this.phase = phase;
    const percent = phase === 'HotBackup Failed' ? this.progress.percent : overallPercent(phase, 0, this.sizes);
    if (!this.measuredFrom && MEASURED.includes(phase as Measured)) this.measuredFrom = { at: this.clock().getTime(), percent };
    this.progress = { percent, bytesDone: 0, bytesTotal, filesDone: 0, filesTotal, currentFile: null, etaSeconds: phase === 'HotBackup Succeeded' ? 0 : this.progress.etaSeconds };
    this.send(true);
  }

  update(bytesDone: number, filesDone: number, currentFile: string | null): void {
    const p = this.progress;
    const fraction = p.bytesTotal > 0 ? bytesDone / p.bytesTotal : p.filesTotal > 0 ? filesDone / p.filesTotal : 0;
    const percent = overallPercent(this.phase, fraction, this.sizes);
    const now = this.clock().getTime();
    const eta = this.measuredFrom ? etaSeconds(percent, this.measuredFrom.percent, now - this.measuredFrom.at) : null;
    this.progress = { ...p, percent, bytesDone, filesDone, currentFile, etaSeconds: eta };
    this.send(false);
  }

  private send(force: boolean): void {
    const now = this.clock().getTime();
    if (!force && now - this.lastEmit < this.intervalMs) return;
    this.lastEmit = now;
    this.emit?.({ status: statusOfPhase[this.phase], phase: this.phase, progress: { ...this.progress, percent: Math.round(this.progress.percent * 10) / 10 } });
  }
}
