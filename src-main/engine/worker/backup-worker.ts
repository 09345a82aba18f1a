// Worker entry: runs one backup off the host's thread. Hooks and logs travel as messages.
// Bundled on its own (dist/backup-worker.js) next to the host bundle.
import { parentPort } from 'node:worker_threads';
import { runBackupInThread } from '../run/run-phases.js';
import { RunError } from '../errors.js';
import { lowerOwnThreadPriority, raiseOwnThreadPriority } from './thread-priority.js';
import type { Logger } from '../../base/logger.js';
import type { CleanupContext, UserTaskRecord } from '../run/run-types.js';
import type { PhaseCosts } from '../run/progress-estimate.js';
import type { HookName, HostToWorker, WorkerStart, WorkerToHost } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('backup-worker.ts must run as a worker thread (use runBackup)');

const send = (m: WorkerToHost) => port.postMessage(m);
const abort = new AbortController();
// The host's answer about the HotBackup folder, when it probes it while this run walks the data.
let folderAnswered: (costs: PhaseCosts | null) => void = () => undefined;
const folderChecked = new Promise<PhaseCosts | null>((resolve) => (folderAnswered = resolve));
const calls = new Map<number, { resolve(v: unknown): void; reject(e: Error): void; log?: CleanupContext['log'] }>();
let nextCall = 1;

function call(hook: HookName, ctx?: CleanupContext): Promise<unknown> {
  const callId = nextCall++;
  return new Promise((resolve, reject) => {
    calls.set(callId, { resolve, reject, log: ctx?.log });
    send({ type: 'call', callId, hook, ...(ctx ? { ctx: { id: ctx.id, hotBackupFolder: ctx.hotBackupFolder, backupPath: ctx.backupPath } } : {}) });
  });
}

const logger: Logger = {
  info: (message) => send({ type: 'log', level: 'info', message }),
  warn: (message) => send({ type: 'log', level: 'warn', message }),
  error: (message) => send({ type: 'log', level: 'error', message }),
};

async function start(m: WorkerStart): Promise<void> {
  let lowered = false;
  const lowerForStreaming = () => {
    if (lowered) return;
    lowered = true;
    const nice = lowerOwnThreadPriority();
    if (nice !== null) logger.info(`HotBackup run streams at a lower CPU priority (nice ${nice})`);
  };
  // People wait for the snapshot point: up to it the run asks for more CPU than normal (where allowed).
  raiseOwnThreadPriority();
  const offset = m.clockNowMs - m.hostDateNowMs;
  const result = await runBackupInThread({
    hotBackupFolder: m.hotBackupFolder,
    dataDirectories: m.dataDirectories,
    settings: m.settings,
    inputChecked: m.inputChecked,
    trigger: m.trigger,
    user: m.user,
    task: m.task,
    firstPhase: m.firstPhase,
    startedAt: new Date(m.startedAtMs),
    racyWindowMs: m.racyWindowMs,
    manifestKey: m.manifestKey,
    memberSize: m.memberSize,
    reservedIds: m.reservedIds,
    settingsFolder: m.settingsFolder,
    previousCosts: m.previousCosts ?? null,
    ...(m.folderCheckPending ? { folderChecked } : {}),
    clock: () => new Date(Date.now() + offset),
    logger,
    signal: abort.signal,
    // The yellow light is released first; then the run leaves the priority it asked for up to the
    // point, and from Streaming Files on (compression, hashing, validation) it works at a lower CPU
    // priority, so the office's programs, e.g. a database writer, get the cores first. The one-step
    // database copy in between runs in the SQLite helper process at normal priority; a cancel kills it.
    onSnapshot: () => {
      send({ type: 'snapshot' });
      lowerOwnThreadPriority(0);
    },
    // The stream starts while the database copies are still made (in the helper, at normal priority).
    onStreamStart: lowerForStreaming,
    onProgress: (event) => {
      if (event.phase === 'Streaming Files') lowerForStreaming();
      send({ type: 'progress', event });
    },
    onFolder: (id, path) => send({ type: 'folder', id, path }),
    onHelperProcess: (pid, alive) => send({ type: 'helper', pid, alive }),
    ...(m.hooks.beforeSnapshot ? { beforeSnapshot: () => call('beforeSnapshot').then(() => undefined) } : {}),
    ...(m.hooks.userTasks ? { userTasks: () => call('userTasks') as Promise<UserTaskRecord[]> } : {}),
    ...(m.hooks.cleanup ? { cleanup: (ctx: CleanupContext) => call('cleanup', ctx).then(() => undefined) } : {}),
  });
  send({ type: 'done', result });
}

port.on('message', (m: HostToWorker) => {
  if (m.type === 'start') void start(m);
  else if (m.type === 'folder-checked') folderAnswered(m.previousCosts);
  else if (m.type === 'abort') abort.abort(new RunError(m.kind, 'RUN_FAILED', m.reason));
  else if (m.type === 'cleanup-log') void calls.get(m.callId)?.log?.(m.code, m.detail);
  else {
    const c = calls.get(m.callId);
    calls.delete(m.callId);
    if (m.ok) c?.resolve(m.value);
    else c?.reject(new Error(m.message));
  }
});
// Loaded and listening: a worker started ahead of its run is ready for it (warm-worker.ts).
send({ type: 'ready' });
