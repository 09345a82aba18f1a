import type { OffsiteCopyRecord, OffsiteStatus, OffsiteTargetStatus } from '../../../shared/offsite.js';
import type { OffsiteTarget } from '../../../shared/offsite-settings.js';

// Every target's live state (pure bookkeeping): what the copy job does, what waits, the last copy.

export const idleState = (t: Pick<OffsiteTarget, 'id' | 'label'>): OffsiteTargetStatus => ({
  target: t.id,
  label: t.label,
  state: 'idle',
  backupId: null,
  queued: [],
  step: null,
  bytesDone: 0,
  bytesTotal: 0,
  nextRetry: null,
  lastCopy: null,
  onTarget: null,
});

export class OffsiteStates {
  private readonly states = new Map<string, OffsiteTargetStatus>();
  private recent: OffsiteCopyRecord[] = [];

  constructor(private readonly changed: (s: OffsiteStatus) => void) {}

  /** Seed the last copies from the history (newest last). */
  seed(history: readonly OffsiteCopyRecord[]): void {
    this.recent = [...history].reverse().slice(0, 50);
  }

  get(t: Pick<OffsiteTarget, 'id' | 'label'>): OffsiteTargetStatus {
    const s = this.states.get(t.id) ?? { ...idleState(t), lastCopy: this.recent.find((r) => r.target === t.id) ?? null };
    return { ...s, label: t.label };
  }

  update(t: Pick<OffsiteTarget, 'id' | 'label'>, change: Partial<OffsiteTargetStatus>, targets: readonly OffsiteTarget[]): void {
    this.states.set(t.id, { ...this.get(t), ...change });
    this.changed(this.snapshot(targets));
  }

  record(r: OffsiteCopyRecord, targets: readonly OffsiteTarget[]): void {
    this.recent = [r, ...this.recent].slice(0, 50);
    const t = { id: r.target, label: r.label };
    this.update(t, { lastCopy: r }, targets);
  }

  snapshot(targets: readonly OffsiteTarget[]): OffsiteStatus {
    return { targets: targets.map((t) => this.get(t)), recent: this.recent };
  }
}
