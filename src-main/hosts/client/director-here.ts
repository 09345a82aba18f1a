import { createDirector, type Director, type DirectorOptions } from '../../director/director.js';
import { startService, type RunningService } from '../service/service.js';
import { createLocalBridge, type LocalBridge } from './local-bridge.js';

// A Director started in this process, as the CLI (a short-lived helper, or `hotbackup director`)
// and the desktop console (embedded) start one. Serving its API is the one reason hosts/client
// imports hosts/service: the CLI and the console must not import the service themselves.

/** A Director running in this process and a Bridge straight into it. */
export interface DirectorHere {
  director: Director;
  bridge: LocalBridge;
  /** Disconnects the bridge and closes the Director (its run stopped and recorded, its lock released). */
  close(): Promise<void>;
}

/** Start a Director on `options.configDir` in this process (throws DirectorLockedError when another program owns it). */
export async function startDirectorHere(options: DirectorOptions): Promise<DirectorHere> {
  const director = await createDirector(options);
  const bridge = createLocalBridge(director);
  return {
    director,
    bridge,
    close: async () => {
      bridge.disconnect();
      await director.close();
    },
  };
}

/** Serve the Director's web console and API on `listen`, or where its settings say (service.host, service.port). */
export function serveDirectorApi(director: Director, listen?: { host: string; port: number }): Promise<RunningService> {
  const { host, port } = listen ?? director.services.settings.get().service;
  return startService({ director, host, port });
}

export type { RunningService };
