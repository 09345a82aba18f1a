/**
 * Every better-sqlite3 call of a run (the read transactions held from the snapshot point, the
 * one-step copy, quick_check) runs in one child process per run, never in the run's worker thread.
 *
 * Why a process: the one-step copy of a big database cannot look at a stop request (a step-wise
 * copy restarts on every commit by another connection), and a thread cannot be ended from outside
 * while it is inside better-sqlite3: when the native call returns into a terminating isolate,
 * better-sqlite3 aborts the whole process ("FATAL ERROR: v8::ToLocalChecked Empty MaybeLocal"),
 * which would take the Director and every later backup with it. A process can be SIGKILLed at any
 * instant: its read transactions and file locks go with it, and its partial copy never carries the
 * final name (sqlite-child-script.ts). A child that dies for any other reason (out of memory,
 * killed by the system) fails the request it was on, in words.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { HotBackupError } from '../../../shared/result.js';
import { SQLITE_CHILD_SCRIPT } from './sqlite-child-script.js';

export type SqliteRequest =
  | { op: 'hold'; key: number; file: string; readonly: boolean; timeout: number }
  | { op: 'copy'; key: number; dest: string }
  | { op: 'release'; key: number }
  | { op: 'check'; file: string; pragma: 'quick_check' | 'integrity_check' };

interface Pending {
  resolve(v: unknown): void;
  reject(e: unknown): void;
  what: string;
}

const REPORTED = Symbol('reported by the SQLite helper');

/** An error as the child reported it: SQLite's or Node's `code` kept, so callers judge it as before. */
function childError(e: { code?: string; message: string }): Error {
  return Object.assign(new Error(e.message), e.code ? { code: e.code } : {}, { [REPORTED]: true });
}

/** True for an error SQLite (or the file system) reported in the helper; false for a stop request or the helper's end. */
export function isSqliteReport(err: unknown): boolean {
  return typeof err === 'object' && err !== null && REPORTED in err;
}

/** Pure: why the helper stopped, in words, with what to do. */
export function helperEndedWords(what: string, code: number | null, signal: NodeJS.Signals | null): string {
  const how = signal
    ? `it was ended by ${signal}${signal === 'SIGKILL' ? ', as the system does when it runs out of memory' : ''}`
    : `it exited with code ${code}`;
  return `HotBackup's SQLite helper process stopped while ${what} (${how}). Make sure the computer has free memory, then run the backup again.`;
}

export class SqliteChild {
  private readonly proc: ChildProcess;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private ended: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private stopReason: unknown = null;
  private readonly onAbort = () => this.kill(this.signal?.reason);
  /** Resolves once the process has exited (killed, closed or died). */
  readonly exited: Promise<void>;

  /**
   * Start the helper. `signal`: a stop request SIGKILLs it and fails what it was doing with the
   * signal's reason. `onExit` hears when it is gone (the host stops tracking its pid).
   */
  constructor(private readonly signal?: AbortSignal, onExit?: () => void) {
    const module = createRequire(import.meta.url).resolve('better-sqlite3');
    this.proc = spawn(process.execPath, ['-e', SQLITE_CHILD_SCRIPT, module], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    this.exited = new Promise((resolve) => {
      this.proc.once('error', () => {
        if (this.proc.pid === undefined) resolve(); // never started: no 'exit' follows
      });
      this.proc.once('exit', (code, sig) => {
        this.ended = { code, signal: sig };
        this.signal?.removeEventListener('abort', this.onAbort);
        this.failAll();
        onExit?.();
        resolve();
      });
    });
    this.proc.on('error', (err) => {
      // A process that could not start (no memory, too many processes): its requests fail in words.
      this.stopReason ??= new HotBackupError('RUN_FAILED', `HotBackup cannot start its SQLite helper process (${(err as NodeJS.ErrnoException).code ?? err.message}). Make sure the computer has free memory, then run the backup again.`);
      this.failAll();
    });
    this.proc.on('message', (m: { id: number; value?: unknown; error?: { code?: string; message: string } }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error) p.reject(childError(m.error));
      else p.resolve(m.value);
    });
    if (signal?.aborted) this.kill(signal.reason);
    else signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  /** Send one request; `what` names it for the words when the helper dies meanwhile ("copying …"). */
  request<T>(req: SqliteRequest, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.stopReason !== null || this.ended) return reject(this.failure(what));
      const id = this.nextId++;
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, what });
      this.proc.send({ id, ...req }, (err) => {
        if (err && this.pending.delete(id)) reject(this.failure(what));
      });
    });
  }

  /** End it now (SIGKILL), whatever it is doing; pending requests fail with `reason` (a stop request's). */
  kill(reason?: unknown): void {
    if (this.stopReason === null) this.stopReason = reason ?? new HotBackupError('RUN_FAILED', 'The SQLite helper process was stopped.');
    if (!this.ended) this.proc.kill('SIGKILL');
    this.failAll();
  }

  /** Done with it: its held transactions end with it (a read-only reader leaves nothing behind). */
  async close(): Promise<void> {
    this.signal?.removeEventListener('abort', this.onAbort);
    if (this.ended) return;
    if (this.proc.connected) this.proc.disconnect();
    // It exits on disconnect once its current request is done; a request is not left waiting.
    const t = setTimeout(() => this.kill(), 2000);
    t.unref();
    await this.exited;
    clearTimeout(t);
  }

  private failure(what: string): unknown {
    if (this.stopReason !== null) return this.stopReason;
    return new HotBackupError('RUN_FAILED', helperEndedWords(what, this.ended?.code ?? null, this.ended?.signal ?? null));
  }

  private failAll(): void {
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(this.failure(p.what));
    }
  }
}
