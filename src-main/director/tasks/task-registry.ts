import { randomUUID } from 'node:crypto';
import type { UserTaskRecord } from '../../engine/index.js';

export interface RegisteredTask extends UserTaskRecord {
  token: string;
  exclusive: boolean;
  clientId: string;
  begunAt: Date;
}

export interface BeginTask extends UserTaskRecord {
  exclusive: boolean;
}

export interface BeginOptions {
  /** Told why an exclusive task must wait (a run is before its snapshot point). */
  onWaiting?(reason: string): void;
  /** Stop waiting (the client went away); begin() then rejects. */
  signal?: AbortSignal;
}

const aborted = (signal: AbortSignal) =>
  signal.reason instanceof Error ? signal.reason : new Error(typeof signal.reason === 'string' ? signal.reason : 'aborted');

/** Resolves when `ready()` holds; re-checked on every `poke`. Rejects when `signal` aborts. */
function waitUntil(ready: () => boolean, subscribers: Set<() => void>, signal?: AbortSignal): Promise<void> {
  if (ready()) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const check = () => {
      if (!ready()) return;
      cleanup();
      resolve();
    };
    const onAbort = () => {
      cleanup();
      reject(aborted(signal!));
    };
    const cleanup = () => {
      subscribers.delete(check);
      signal?.removeEventListener('abort', onAbort);
    };
    if (signal?.aborted) return reject(aborted(signal));
    subscribers.add(check);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Work other programs register with the Director. A run waits for exclusive tasks before
 * its snapshot point; while a run is before its snapshot point ("the gate is closed") a new
 * exclusive task waits instead.
 */
export class TaskRegistry {
  private readonly tasks = new Map<string, RegisteredTask>();
  private gate: string | null = null;
  private readonly changed = new Set<() => void>();
  private readonly beginListeners = new Set<(t: RegisteredTask) => void>();

  constructor(
    private readonly clock: () => Date,
    private readonly newToken: () => string = randomUUID,
  ) {}

  private poke(): void {
    for (const fn of [...this.changed]) fn();
  }

  async begin(input: BeginTask, clientId: string, opts: BeginOptions = {}): Promise<{ task: RegisteredTask; waitedMs: number }> {
    const started = this.clock().getTime();
    if (input.exclusive && this.gate !== null) {
      opts.onWaiting?.(this.gate);
      await waitUntil(() => this.gate === null, this.changed, opts.signal);
    }
    if (opts.signal?.aborted) throw aborted(opts.signal);
    const task: RegisteredTask = { ...input, token: this.newToken(), clientId, begunAt: this.clock() };
    this.tasks.set(task.token, task);
    for (const fn of [...this.beginListeners]) fn(task);
    this.poke();
    return { task, waitedMs: Math.max(0, this.clock().getTime() - started) };
  }

  /** End a task; false when the token is unknown (already ended, or expired with its client). */
  end(token: string): boolean {
    const had = this.tasks.delete(token);
    if (had) this.poke();
    return had;
  }

  /** A client went away: its tasks end with it. Returns what was ended. */
  endForClient(clientId: string): RegisteredTask[] {
    const gone = [...this.tasks.values()].filter((t) => t.clientId === clientId);
    for (const t of gone) this.tasks.delete(t.token);
    if (gone.length) this.poke();
    return gone;
  }

  list(): RegisteredTask[] {
    return [...this.tasks.values()].sort((a, b) => a.begunAt.getTime() - b.begunAt.getTime());
  }

  exclusiveRunning(): RegisteredTask[] {
    return this.list().filter((t) => t.exclusive);
  }

  /** Called whenever a task begins (a run records every task it overlapped). */
  onBegin(fn: (t: RegisteredTask) => void): () => void {
    this.beginListeners.add(fn);
    return () => this.beginListeners.delete(fn);
  }

  /** A run is before its snapshot point: new exclusive tasks wait. `reason` is what they are told. */
  closeGate(reason: string): void {
    this.gate = reason;
  }

  openGate(): void {
    if (this.gate === null) return;
    this.gate = null;
    this.poke();
  }

  get gateClosed(): boolean {
    return this.gate !== null;
  }

  /** The run's side: resolves once no exclusive task is running. */
  waitForExclusiveTasks(signal?: AbortSignal): Promise<void> {
    return waitUntil(() => this.exclusiveRunning().length === 0, this.changed, signal);
  }
}
