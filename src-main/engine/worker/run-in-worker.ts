import type { Phase } from '../../../shared/status.js';
import { statusOfPhase } from '../../../shared/status.js';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { formatLocalIso } from '../../base/local-iso.js';
import { takeBackupWorker, type EngineWorker } from './warm-worker.js';
import { resolveWorkerEntry } from './worker-entry.js';
import type { HostToWorker, WorkerToHost } from './worker-protocol.js';
import { runBackupInThread, STAGING_NAME } from '../run/run-phases.js';
import { previousPhaseCosts } from '../run/phase-costs.js';
import { checkHotBackupFolder, checkRunSettings } from '../run/preflight.js';
import { RunError } from '../errors.js';
import { abortMessage, settleFailedRun } from '../run/run-ending.js';
import type { RunBackupOptions, RunBackupResult } from '../run/run-types.js';
import { PoolPriority } from './thread-priority.js';

export interface RunBackupHostOptions extends RunBackupOptions {
  /** Run on the calling thread (unit tests of pieces, tools); default: in a worker thread. */
  inThread?: boolean;
  /** Path of the worker entry; default: found next to this module (see resolveWorkerEntry). */
  workerEntry?: string;
  /** After a stop request, end the worker if it has not stopped by itself within this (ms; default 3000). */
  killAfterMs?: number;
}

const KILL_AFTER_MS = 3000;
/** How long an ended worker's thread is waited for before its run is recorded without removing its work files. */
const GONE_WITHIN_MS = 5000;

const delay = <T>(ms: number, value: T) =>
  new Promise<T>((resolve) => {
    const t = setTimeout(() => resolve(value), ms);
    t.unref?.();
  });

const idle = { percent: 0, bytesDone: 0, bytesTotal: 0, filesDone: 0, filesTotal: 0, currentFile: null, etaSeconds: null };

/**
 * Run one HotBackup (DESIGN §5). The I/O runs in a worker thread so the host's event loop stays
 * responsive; hooks run on the calling thread. Never throws for a failed run: see `result`.
 */
export async function runBackup(o: RunBackupHostOptions): Promise<RunBackupResult> {
  if (o.inThread) return runBackupInThread(o);
  const clock = o.clock ?? (() => new Date());
  const startedAt = clock();
  let phase: Phase = 'Initializing';
  const emit = (p: Phase) => {
    phase = p;
    o.onProgress?.({ status: statusOfPhase[p], phase: p, progress: idle });
  };
  /** The run ends Failed here (before the worker, or when it was ended or crashed): settled like any run. */
  const fail = async (cause: unknown, tidyFolder: { id: string; path: string } | null = null, folder = tidyFolder): Promise<RunBackupResult> => {
    const failedPhase = phase;
    const r = await settleFailedRun(
      {
        hotBackupFolder: o.hotBackupFolder, signal: o.signal, clock, logger: o.logger,
        tidy: async () => {
          if (tidyFolder) await rm(join(tidyFolder.path, STAGING_NAME), { recursive: true, force: true });
        },
      },
      { id: folder?.id ?? null, backupPath: folder?.path ?? null, failedPhase, startedAt: formatLocalIso(startedAt) },
      cause,
    );
    emit('HotBackup Failed');
    return r;
  };

  emit('Initializing');
  // The worker starts (or the warm one is taken) while the folder is checked: its launch is off
  // the way to the snapshot point. A failure to start it is reported once the input is known good.
  let engine: EngineWorker | null = null;
  let startError: Error | null = null;
  try {
    engine = takeBackupWorker(resolveWorkerEntry(o.workerEntry));
  } catch (err) {
    startError = err as Error;
  }
  let settings;
  try {
    settings = checkRunSettings(o.hotBackupFolder, o.dataDirectories, o.settings);
  } catch (err) {
    void engine?.worker.terminate();
    return fail(err);
  }
  // The HotBackup folder is probed (a child process, with a time limit) while the worker waits for
  // exclusive tasks and walks the data: it waits for this answer before it touches the folder.
  // The last good run's phase times (read once the folder answered) weigh the bar and time left.
  const folderCheck = checkHotBackupFolder(o.hotBackupFolder, o.signal).then(() => (o.previousCosts !== undefined ? o.previousCosts : previousPhaseCosts(o.hotBackupFolder)));
  folderCheck.catch(() => undefined);

  emit('Launching HotBackup Program');
  if (!engine) {
    const err = await folderCheck.then(
      () => new RunError('internal', 'INTERNAL', `Cannot start the HotBackup worker: ${startError?.message}. Reinstall HotBackup or rebuild it (npm run build).`),
      (e: unknown) => ((phase = 'Initializing'), e),
    );
    return fail(err);
  }
  const { worker, online, ended } = engine;
  const post = (m: HostToWorker) => worker.postMessage(m);
  let folder: { id: string; path: string } | null = null;
  // The run's helper processes (the SQLite helper): killed with the worker when it is ended from
  // outside. The worker never runs SQLite itself, so ending it is safe (sqlite-child.ts).
  const helpers = new Set<number>();
  const killHelpers = () => {
    for (const pid of helpers) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    helpers.clear();
  };

  // From the snapshot point on, libuv's pool (zlib) works at the run's lower priority too, where it can be given back; always given back when the run ends.
  const pool = new PoolPriority();
  return new Promise<RunBackupResult>((resolve) => {
    let settled = false;
    const finish = (r: RunBackupResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(killTimer);
      o.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      resolve(r);
    };
    let killTimer: NodeJS.Timeout | undefined;
    const onAbort = () => {
      const r: unknown = o.signal?.reason;
      const stop = r instanceof RunError ? r : new RunError('stopped', 'RUN_FAILED', abortMessage(o.signal));
      post({ type: 'abort', reason: stop.message, kind: stop.kind });
      // The worker kills its SQLite helper at once (a copy or check there cannot look at the signal);
      // a step that still does not end (a hung filesystem call) is not waited for: the worker is
      // ended (it never runs SQLite itself) and the run recorded here.
      killTimer = setTimeout(() => void killed(stop), o.killAfterMs ?? KILL_AFTER_MS);
      killTimer.unref?.();
    };
    const killed = async (stop: RunError) => {
      if (settled) return;
      settled = true;
      killHelpers();
      o.signal?.removeEventListener('abort', onAbort);
      // The work files are removed only once the thread is gone (a hung filesystem call may still
      // use them); a thread stuck for good (a hung drive) is not waited for past the grace: its
      // files stay. The thread never runs SQLite itself: its helper process was killed above.
      const gone = await Promise.race([worker.terminate().then(() => true, () => true), delay(GONE_WITHIN_MS, false)]);
      resolve(await fail(stop, gone ? folder : null, folder));
    };
    o.signal?.addEventListener('abort', onAbort, { once: true });

    // The worker's first phase is 'Connecting to HotBackup Program'; it reports it itself. The
    // input was checked here (settings parsed, folder probed): the worker does not check it again.
    void online.then(() => {
      if (settled) return;
      post({
        type: 'start', hotBackupFolder: o.hotBackupFolder, dataDirectories: o.dataDirectories, settings, inputChecked: true, folderCheckPending: true, trigger: o.trigger, user: o.user, task: o.task,
        clockNowMs: clock().getTime(), hostDateNowMs: Date.now(), firstPhase: 'Connecting to HotBackup Program', startedAtMs: startedAt.getTime(), racyWindowMs: o.racyWindowMs, manifestKey: o.manifestKey, memberSize: o.memberSize, reservedIds: o.reservedIds,
        settingsFolder: o.settingsFolder,
        hooks: { beforeSnapshot: !!o.beforeSnapshot, userTasks: !!o.userTasks, cleanup: !!o.cleanup },
      });
      if (o.signal?.aborted) onAbort();
    });
    // The folder's answer: the worker goes on, or the run ends Failed in Initializing, as before the overlap.
    folderCheck.then(
      (previousCosts) => {
        if (!settled) post({ type: 'folder-checked', previousCosts });
      },
      async (err: unknown) => {
        if (settled) return;
        settled = true;
        o.signal?.removeEventListener('abort', onAbort);
        void worker.terminate();
        phase = 'Initializing';
        resolve(await fail(err));
      },
    );
    worker.on('message', (m: WorkerToHost) => {
      switch (m.type) {
        case 'progress': phase = m.event.phase; o.onProgress?.(m.event); break;
        case 'log': o.logger?.[m.level](m.message); break;
        case 'snapshot':
          o.onSnapshot?.();
          void pool.lower().then((nice) => nice !== null && o.logger?.info(`HotBackup run compresses at a lower CPU priority (thread pool at nice ${nice})`));
          break;
        case 'folder': folder = { id: m.id, path: m.path }; o.onFolder?.(m.id, m.path); break;
        case 'helper': if (m.alive) helpers.add(m.pid); else helpers.delete(m.pid); break;
        case 'done': finish(m.result); break;
        case 'call': void answer(m); break;
      }
    });
    let crashing = false;
    const crashed = (why: string) => {
      if (settled || crashing) return;
      crashing = true;
      killHelpers();
      void fail(new RunError('crashed', 'INTERNAL', `The HotBackup worker stopped unexpectedly (${why}). The Director log has the details; run the backup again.`), folder).then(finish);
    };
    void ended.then(crashed);

    async function answer(m: Extract<WorkerToHost, { type: 'call' }>): Promise<void> {
      try {
        let value: unknown;
        if (m.hook === 'beforeSnapshot') value = await o.beforeSnapshot?.();
        else if (m.hook === 'userTasks') value = (await o.userTasks?.()) ?? [];
        else if (m.ctx) {
          const ctx = m.ctx;
          await o.cleanup?.({ ...ctx, log: async (code, detail) => post({ type: 'cleanup-log', callId: m.callId, code, detail }) });
        }
        post({ type: 'reply', callId: m.callId, ok: true, value });
      } catch (err) {
        post({ type: 'reply', callId: m.callId, ok: false, message: (err as Error).message });
      }
    }
  }).finally(() => pool.restore());
}
