import type { Worker } from 'node:worker_threads';
import { resolveWorkerEntry, startWorker } from './worker-entry.js';
import type { WorkerToHost } from './worker-protocol.js';

/**
 * A run's worker, and when it is ready for the start message. Launching one (a new isolate and
 * the bundle) is a quarter of a CPU second, and on a busy machine seconds of a yellow request's
 * wait: the Director keeps one started ahead (`warmBackupWorker`), and a run without one starts
 * its own while the HotBackup folder is checked.
 */
export interface EngineWorker {
  worker: Worker;
  /** Its code is loaded and it listens for the start message. */
  online: Promise<void>;
  /** Settles when the worker failed or exited (an error's message, or its exit code), whenever that was. */
  ended: Promise<string>;
}

interface Spare extends EngineWorker {
  entry: string;
  dead: boolean;
}

let spare: Spare | null = null;

function launch(entry: string): EngineWorker {
  const worker = startWorker(entry);
  // Ready once its code is loaded and listening (a 0.9 MB bundle: 'online' comes before that).
  const online = new Promise<void>((resolve) => {
    const onMessage = (m: WorkerToHost) => {
      if (m.type !== 'ready') return;
      worker.off('message', onMessage);
      resolve();
    };
    worker.on('message', onMessage);
  });
  // Listened to from the start: a worker may fail before its run looks (while the folder is checked).
  const ended = new Promise<string>((resolve) => {
    worker.on('error', (err) => resolve(err.message));
    worker.once('exit', (code) => resolve(`exit code ${code}`));
  });
  return { worker, online, ended };
}

/**
 * Start a worker now for the next run (long-lived hosts: the Director at start and after each
 * run). It does not keep the process alive; one that dies meanwhile is replaced at the next run.
 * Errors (no worker entry) are left to the run, which reports them in words. Returns the spare.
 */
export function warmBackupWorker(explicitEntry?: string): Worker | null {
  let entry: string;
  try {
    entry = resolveWorkerEntry(explicitEntry);
  } catch {
    return null;
  }
  if (spare && !spare.dead && spare.entry === entry) return spare.worker;
  dropWarmWorker();
  const s: Spare = { ...launch(entry), entry, dead: false };
  const gone = () => {
    s.dead = true;
    if (spare === s) spare = null;
  };
  void s.ended.then(gone);
  s.worker.unref();
  spare = s;
  return s.worker;
}

/** End the spare worker (a host shutting down). */
export function dropWarmWorker(): void {
  const s = spare;
  spare = null;
  if (s && !s.dead) void s.worker.terminate();
}

/** Whether a live spare worker is ready for the next run (tests, status). */
export function hasWarmWorker(): boolean {
  return !!spare && !spare.dead;
}

/** The worker for a run: the spare when it is alive and runs the same entry, else a new one. */
export function takeBackupWorker(entry: string): EngineWorker {
  const s = spare;
  spare = null;
  if (s && !s.dead && s.entry === entry) {
    s.worker.ref();
    return s;
  }
  if (s && !s.dead) void s.worker.terminate();
  return launch(entry);
}
