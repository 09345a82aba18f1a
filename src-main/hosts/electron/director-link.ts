import type { Bridge } from '../../../shared/contract.js';
import type { Director, DirectorOptions } from '../../director/director.js';
import { describeHolder } from '../../base/owner-lock.js';
import type { Logger } from '../../base/logger.js';
import { serveDirectorApi, type DirectorHere, type RunningService } from '../client/director-here.js';
import { joinRunningDirector, openDirectorOnce } from '../client/open-director.js';
import type { Pin } from '../client/peer-certificate.js';
import { loadRememberedServer, type RememberedServer, type ServerLink } from './server-mode.js';

/** The console's Director: embedded in this process, or a headless one it joined. */
export type DirectorLink =
  | {
      mode: 'embedded';
      director: Director;
      /** The API for the CLI and other programs' traffic-light requests (null when it could not listen). */
      service: RunningService | null;
      bridge: Bridge;
      close(): Promise<void>;
    }
  | ServerLink
  | {
      mode: 'remote';
      /** What the window loads: the headless Director serves the same console. */
      consoleUrl: string;
      /** Its certificate, when it serves https (a Director listening on a network address). */
      pin?: Pin;
      bridge: Bridge;
      /** Resolves when the headless Director goes away. */
      lost: Promise<void>;
      close(): Promise<void>;
    };

export interface LinkOptions extends Pick<DirectorOptions, 'secrets' | 'clock'> {
  configDir: string;
  /** The console's own log (warnings about the link). */
  logger: Logger;
  /** The embedded Director's log (default: <configDir>/logs/director.log, like the headless one). */
  directorLogger?: Logger;
  /** Waits between tries while a short-lived CLI holds the lock (injected so tests need no sleep). */
  delay?: (ms: number) => Promise<void>;
}

const TRIES = 5;

export class DirectorUnavailableError extends Error {
  override name = 'DirectorUnavailableError';
}

/** A HotBackup server is remembered: the console signs in to it and never starts its own Director. */
export interface ServerSignIn {
  mode: 'server-sign-in';
  remembered: RememberedServer;
  close(): Promise<void>;
}

/** What the desktop console starts with: the remembered office server (sign in first), or a Director on this PC. */
export async function openConsoleLink(opts: LinkOptions): Promise<DirectorLink | ServerSignIn> {
  const remembered = await loadRememberedServer(opts.configDir);
  if (remembered) return { mode: 'server-sign-in', remembered, close: async () => undefined };
  return openDirectorLink(opts);
}

/**
 * Join the Director that already owns the config directory (it advertises a console URL in
 * its lock), or start one here and serve its API on 127.0.0.1 like the headless Director.
 */
export async function openDirectorLink(opts: LinkOptions): Promise<DirectorLink> {
  const delay = opts.delay ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)));
  let lastHolder = '';
  for (let attempt = 1; attempt <= TRIES; attempt++) {
    const door = await openDirectorOnce({ configDir: opts.configDir, logger: opts.directorLogger, secrets: opts.secrets, clock: opts.clock, holder: 'console', purpose: 'console' });
    if (door.kind === 'running') return joinRemote(door.consoleUrl, door.pid, opts.configDir);
    if (door.kind === 'here') return withApi(door.here, opts.logger);
    // Held without a URL: a CLI command working in-process, or a Director still starting.
    lastHolder = describeHolder(door.holder);
    await delay(400 * attempt);
  }
  throw new DirectorUnavailableError(
    `Another HotBackup program, ${lastHolder}, owns ${opts.configDir} and offers no console to join. ` +
      'Wait for it to finish (or close that console) and start HotBackup again.',
  );
}

async function joinRemote(consoleUrl: string, pid: number, configDir: string): Promise<DirectorLink> {
  const { client, pin } = await joinRunningDirector(configDir, consoleUrl, true).catch((err: Error) => {
    throw new DirectorUnavailableError(
      `The HotBackup Director (process ${pid}) at ${new URL(consoleUrl).host} did not accept the console: ${err.message}. Stop it, or check its log.`,
    );
  });
  return { mode: 'remote', consoleUrl, pin, bridge: client, lost: client.closed, close: async () => client.close() };
}

/** The embedded Director also serves its API, so the CLI and other programs reach it. */
async function withApi(here: DirectorHere, logger: Logger): Promise<DirectorLink> {
  const service = await serveDirectorApi(here.director).catch((err: Error) => {
    // The console works without it; only the CLI and other programs cannot reach us.
    const { host, port } = here.director.services.settings.get().service;
    logger.warn(`The API for the CLI could not listen on ${host}:${port}: ${err.message}. Change service.port in the settings.`);
    return null;
  });
  return {
    mode: 'embedded',
    director: here.director,
    service,
    bridge: here.bridge,
    close: async () => {
      await service?.close();
      await here.close();
    },
  };
}
