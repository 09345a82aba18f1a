import type { Phase, Trigger } from '../../../shared/status.js';
import type { ProgressEvent, RunBackupResult, UserTaskRecord } from '../../engine/index.js';
import { zeroProgress, type RunState } from './run-status.js';

export type RunListener = (run: RunHandle) => void;

const sameRecord = (a: UserTaskRecord, b: UserTaskRecord) => a.system === b.system && a.user === b.user && a.task === b.task;

/**
 * One run in progress: its state, who takes part in it (tasks it overlapped, requesters
 * who joined), and listeners (traffic lights) told of every change.
 */
export class RunHandle {
  readonly state: RunState;
  outcome: RunBackupResult | null = null;
  private readonly participants: UserTaskRecord[] = [];
  private readonly listeners = new Set<RunListener>();
  private settle!: (r: RunBackupResult) => void;
  readonly done: Promise<RunBackupResult> = new Promise((resolve) => (this.settle = resolve));
  readonly abort = new AbortController();

  constructor(key: string, trigger: Trigger, user: string, task: string, startedAt: string) {
    this.state = {
      key,
      trigger,
      user,
      task,
      startedAt,
      id: null,
      status: 'Pending',
      phase: 'Initializing',
      progress: zeroProgress,
      snapshotTaken: false,
    };
  }

  get key(): string {
    return this.state.key;
  }

  /** Record someone taking part; only before the snapshot point, since HB.LOG records them there. */
  addParticipant(rec: UserTaskRecord): void {
    if (this.state.snapshotTaken) return;
    if (!rec.user && !rec.task && !rec.system) return;
    if (!this.participants.some((p) => sameRecord(p, rec))) this.participants.push({ system: rec.system, user: rec.user, task: rec.task });
  }

  /** The user task records for HB.LOG: everyone who took part, plus what is registered now. */
  userTasks(registeredNow: UserTaskRecord[]): UserTaskRecord[] {
    const all = [...this.participants];
    for (const t of registeredNow) {
      const rec = { system: t.system, user: t.user, task: t.task };
      if (!all.some((p) => sameRecord(p, rec))) all.push(rec);
    }
    return all;
  }

  subscribe(fn: RunListener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private notify(): void {
    for (const fn of [...this.listeners]) {
      try {
        fn(this);
      } catch {
        // A listener's failure must not disturb the run.
      }
    }
  }

  setPhase(phase: Phase, status = this.state.status): void {
    if (this.outcome) return;
    this.state.phase = phase;
    this.state.status = status;
    this.notify();
  }

  progress(e: ProgressEvent): void {
    if (this.outcome) return;
    const changed = e.phase !== this.state.phase || e.status !== this.state.status;
    this.state.status = e.status;
    this.state.phase = e.phase;
    this.state.progress = e.progress;
    if (changed) this.notify();
  }

  setId(id: string): void {
    this.state.id = id;
  }

  markSnapshot(): void {
    if (this.state.snapshotTaken) return;
    this.state.snapshotTaken = true;
    this.notify();
  }

  finish(result: RunBackupResult): void {
    if (this.outcome) return;
    this.outcome = result;
    this.state.status = result.result === 'Succeeded' ? 'Complete' : 'Failed';
    this.state.phase = result.result === 'Succeeded' ? 'HotBackup Succeeded' : 'HotBackup Failed';
    this.notify();
    this.listeners.clear();
    this.settle(result);
  }
}
