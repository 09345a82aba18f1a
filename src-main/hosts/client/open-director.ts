import type { DirectorOptions } from '../../director/director.js';
import { DirectorLockedError, readLock } from '../../director/director-lock.js';
import type { LockHolder } from '../../base/owner-lock.js';
import { startDirectorHere, type DirectorHere } from './director-here.js';
import type { Pin } from './peer-certificate.js';
import { localPin } from './tls-cert.js';
import { apiUrlFromConsoleUrl, connectWs, type WsClient } from './ws-client.js';

// "Open the Director" of a config directory, as the CLI and the desktop console both do it: join
// the one that runs (its lock advertises a console URL), or start one here when none holds the
// directory. Each host decides what a holder without a console means (the CLI refuses, the
// console waits and looks again) and words its own errors.

/** One look at the config directory. */
export type DirectorDoor =
  /** A Director runs and serves its console there: join it with joinRunningDirector. */
  | { kind: 'running'; consoleUrl: string; pid: number }
  /** Another program holds the directory and offers no console (a CLI run, or a Director still starting). */
  | { kind: 'held'; holder: LockHolder }
  /** None held it: a Director now runs in this process. */
  | { kind: 'here'; here: DirectorHere };

/** Join the running Director of `configDir`, or start one here with `options` when nobody holds the directory. */
export async function openDirectorOnce(options: DirectorOptions): Promise<DirectorDoor> {
  const lock = await readLock(options.configDir);
  if (lock?.url) return { kind: 'running', consoleUrl: lock.url, pid: lock.pid };
  if (lock) return { kind: 'held', holder: lock };
  try {
    return { kind: 'here', here: await startDirectorHere(options) };
  } catch (err) {
    // Another program took the config directory between the look and the start.
    if (err instanceof DirectorLockedError) return { kind: 'held', holder: err.holder };
    throw err;
  }
}

/**
 * Connect to the Director serving `consoleUrl` on this machine. An https console is pinned to the
 * certificate in `configDir` (the Director's own); `sendOrigin` presents the console's origin,
 * as a console window joining it does.
 */
export async function joinRunningDirector(configDir: string, consoleUrl: string, sendOrigin = false): Promise<{ client: WsClient; pin: Pin | undefined }> {
  const pin = consoleUrl.startsWith('https:') ? await localPin(configDir) : undefined;
  const client = await connectWs(apiUrlFromConsoleUrl(consoleUrl), { pin, ...(sendOrigin ? { origin: new URL(consoleUrl).origin } : {}) });
  return { client, pin };
}
