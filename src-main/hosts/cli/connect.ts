import type { Bridge } from '../../../shared/contract.js';
import { describeConfigDirHolder, readLock } from '../../director/director-lock.js';
import { joinRunningDirector, openDirectorOnce } from '../client/open-director.js';
import { CliError, EXIT } from './exit-codes.js';

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

async function join(configDir: string, consoleUrl: string, pid: number): Promise<Connection> {
  const { client } = await joinRunningDirector(configDir, consoleUrl).catch((err: Error) => {
    throw new CliError(`The Director at ${new URL(consoleUrl).host} (process ${pid}) did not accept the connection: ${err.message}`, EXIT.NO_DIRECTOR);
  });
  return { bridge: client, remote: true, close: async () => client.close() };
}

/** Connect to the running Director of this config directory, if any. */
export async function connectToRunningDirector(configDir: string): Promise<Connection | null> {
  const lock = await readLock(configDir);
  return lock?.url ? join(configDir, lock.url, lock.pid) : null;
}

/**
 * The running Director when there is one (so every console sees the change live),
 * otherwise an in-process Director on the same config directory.
 */
export async function connect(configDir: string): Promise<Connection> {
  // A short-lived helper: it must not arm the schedule or catch up missed slots.
  const door = await openDirectorOnce({ configDir, schedule: false, holder: 'cli', purpose: cliCommandLine() });
  if (door.kind === 'running') return join(configDir, door.consoleUrl, door.pid);
  if (door.kind === 'held') throw new CliError(describeConfigDirHolder(door.holder, configDir), EXIT.NO_DIRECTOR);
  return { bridge: door.here.bridge, remote: false, close: door.here.close };
}

/** Only a running Director will do (traffic lights, tasks): exit 3 otherwise. */
export async function connectRequired(configDir: string): Promise<Connection> {
  const running = await connectToRunningDirector(configDir);
  if (!running) {
    throw new CliError(`No HotBackup Director is running for ${configDir}. Start one with "hotbackup director".`, EXIT.NO_DIRECTOR);
  }
  return running;
}
