import type { Bridge } from '../../../shared/contract.js';
import { createDirector } from '../../director/director.js';
import { describeConfigDirHolder, DirectorLockedError, readLock } from '../../director/director-lock.js';
import { localPin } from '../client/tls-cert.js';
import { apiUrlFromConsoleUrl, connectWs } from '../client/ws-client.js';
import { CliError, EXIT } from './exit-codes.js';
import { createLocalBridge } from '../client/local-bridge.js';

export interface Connection {
  bridge: Bridge;
  /** True when we talk to a running Director; false when the CLI runs one in-process. */
  remote: boolean;
  close(): Promise<void>;
}

/** "hotbackup backup --data ..." as typed, for the lock (another command names what it waits for). */
function cliCommandLine(): string {
  const words = process.argv.slice(2).filter((a, i, all) => !a.startsWith('-') && !all[i - 1]?.startsWith('--config-dir'));
  return `hotbackup ${words[0] ?? 'command'}`;
}

/** Connect to the running Director of this config directory, if any. */
export async function connectToRunningDirector(configDir: string): Promise<Connection | null> {
  const lock = await readLock(configDir);
  if (!lock?.url) return null;
  const pin = lock.url.startsWith('https:') ? await localPin(configDir) : undefined;
  const client = await connectWs(apiUrlFromConsoleUrl(lock.url), { pin }).catch((err: Error) => {
    throw new CliError(`The Director at ${new URL(lock.url!).host} (process ${lock.pid}) did not accept the connection: ${err.message}`, EXIT.NO_DIRECTOR);
  });
  return { bridge: client, remote: true, close: async () => client.close() };
}

/**
 * The running Director when there is one (so every console sees the change live),
 * otherwise an in-process Director on the same config directory.
 */
export async function connect(configDir: string): Promise<Connection> {
  const running = await connectToRunningDirector(configDir);
  if (running) return running;
  const lock = await readLock(configDir);
  if (lock) throw new CliError(describeConfigDirHolder(lock, configDir), EXIT.NO_DIRECTOR);
  // A short-lived helper: it must not arm the schedule or catch up missed slots.
  const director = await createDirector({ configDir, schedule: false, holder: 'cli', purpose: cliCommandLine() }).catch((err: unknown) => {
    // Another program took the config directory between the look and the start.
    if (err instanceof DirectorLockedError) throw new CliError(err.message, EXIT.NO_DIRECTOR);
    throw err;
  });
  const bridge = createLocalBridge(director);
  return {
    bridge,
    remote: false,
    close: async () => {
      bridge.disconnect();
      await director.close();
    },
  };
}

/** Only a running Director will do (traffic lights, tasks): exit 3 otherwise. */
export async function connectRequired(configDir: string): Promise<Connection> {
  const running = await connectToRunningDirector(configDir);
  if (!running) {
    throw new CliError(`No HotBackup Director is running for ${configDir}. Start one with "hotbackup director".`, EXIT.NO_DIRECTOR);
  }
  return running;
}
