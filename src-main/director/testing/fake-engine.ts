import { abortMessageOf } from '../run/testing/abort-message.js';
import type { RunBackupOptions, RunBackupResult, UserTaskRecord } from '../../engine/run/run-types.js';
import type { RunBackup } from '../run/run-queue.js';

const progress = { percent: 0, bytesDone: 0, bytesTotal: 0, filesDone: 0, filesTotal: 0, currentFile: null, etaSeconds: null };

/**
 * A stand-in for the engine that walks the real phase order and calls the hooks as the
 * engine does; each run holds after its snapshot point until the test calls `finish()`.
 */
export function fakeEngine() {
  const calls: RunBackupOptions[] = [];
  const recorded: UserTaskRecord[][] = [];
  let release: ((r: { fail?: string }) => void) | null = null;
  let snapshotReached: () => void = () => undefined;
  let snapshot = new Promise<void>((r) => (snapshotReached = r));
  const runBackup: RunBackup = async (o) => {
    calls.push(o);
    const started = new Date().toISOString();
    const end = (error: string | null, failedPhase: RunBackupResult['failedPhase']): RunBackupResult => ({
      id: '26112601',
      result: error ? 'Failed' : 'Succeeded',
      error,
      failedPhase,
      files: error ? null : 3,
      bytes: error ? null : 300,
      startedAt: started,
      endedAt: new Date().toISOString(),
      backupPath: null,
      warnings: [],
    });
    const held = new Promise<{ fail?: string }>((r) => (release = r));
    try {
      o.onProgress?.({ status: 'Pending', phase: 'Initializing', progress });
      o.signal?.throwIfAborted();
      o.onProgress?.({ status: 'Pending', phase: 'Waiting for Exclusive Tasks to Finish', progress });
      await o.beforeSnapshot?.();
      o.onProgress?.({ status: 'Pending', phase: 'Locking Files', progress });
      recorded.push(await (o.userTasks?.() ?? []));
      o.onSnapshot?.();
      snapshotReached();
      o.onProgress?.({ status: 'Saving', phase: 'Streaming Files', progress: { ...progress, percent: 50 } });
      const aborted = new Promise<{ fail?: string }>((r) =>
        o.signal?.addEventListener('abort', () => r({ fail: abortMessageOf(o.signal) }), { once: true }),
      );
      const how = await Promise.race([held, aborted]);
      return how.fail ? end(how.fail, 'Streaming Files') : end(null, null);
    } catch {
      return end(abortMessageOf(o.signal), 'Waiting for Exclusive Tasks to Finish');
    }
  };
  return {
    runBackup,
    calls,
    recorded,
    /** Resolves once the current run has passed its snapshot point. */
    snapshotPassed: () => snapshot,
    finish(fail?: string) {
      release?.({ fail });
      snapshot = new Promise<void>((r) => (snapshotReached = r));
    },
  };
}
