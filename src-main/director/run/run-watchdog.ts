import { StuckError, type ProgressEvent } from '../../engine/index.js';
import type { Logger } from '../../base/logger.js';
import type { RunHandle } from './run-handle.js';

export const WATCHDOG_DEFAULT_MINUTES = 10;

export interface RunWatchdog {
  /** A progress event of the run: bytes, files or the phase moving resets the watch. */
  saw(e: ProgressEvent): void;
  stop(): void;
}

/** No bytes or files moving for `minutes` (waiting for exclusive tasks is not stuck) ends the run (StuckError). */
export function watchRun(run: RunHandle, o: { minutes: number; clock: () => Date; logger: Logger; checkMs: number }): RunWatchdog {
  let lastMove = o.clock().getTime();
  let lastSeen = '';
  const timer = setInterval(() => {
    const now = o.clock().getTime();
    if (run.state.phase === 'Waiting for Exclusive Tasks to Finish') lastMove = now;
    else if (now - lastMove >= o.minutes * 60_000 && !run.abort.signal.aborted) {
      o.logger.error(`run ${run.key}: no progress for ${o.minutes} min in ${run.state.phase}: stopping it`);
      run.abort.abort(new StuckError(run.state.phase ?? 'Initializing', o.minutes, 'no bytes or files were saved, and the phase did not change'));
    }
  }, o.checkMs);
  timer.unref?.();
  return {
    saw(e) {
      const seen = `${e.phase}|${e.progress.bytesDone}|${e.progress.filesDone}`;
      if (seen !== lastSeen) lastMove = o.clock().getTime();
      lastSeen = seen;
    },
    stop: () => clearInterval(timer),
  };
}
