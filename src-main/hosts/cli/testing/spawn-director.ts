import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { packageRoot } from '../../client/package-root.js';

// Test support: a headless Director started as an office starts it (`hotbackup director`, its own
// process), for tests that signal or kill it. Needs `npm run build:main` first (bin/hotbackup.js).

/** A Director process and what it printed. */
export interface SpawnedDirector {
  proc: ChildProcess;
  /** The console address it printed ("Console: http://127.0.0.1:PORT/..."). */
  consoleUrl: string;
  /** Resolves with how the process ended: its exit code, or the signal's name when a signal ended it. */
  exited: Promise<string>;
  /** What it wrote to stderr so far. */
  stderr: () => string;
}

/**
 * Starts `hotbackup --config-dir <configDir> director --listen 127.0.0.1:0` and waits for its
 * "Console:" line. Rejects with its stderr when it exits before printing it.
 */
export async function spawnDirector(configDir: string, env: NodeJS.ProcessEnv = process.env): Promise<SpawnedDirector> {
  const proc = spawn(process.execPath, [join(packageRoot(), 'bin', 'hotbackup.js'), '--config-dir', configDir, 'director', '--listen', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let stderr = '';
  proc.stderr!.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<string>((resolve) => proc.once('exit', (code, signal) => resolve(`${code ?? ''}${signal ?? ''}`)));
  const consoleUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d) => {
      out += String(d);
      const m = /Console: (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    proc.once('exit', (code) => reject(new Error(`the Director exited early (${code}): ${stderr}`)));
  });
  return { proc, consoleUrl, exited, stderr: () => stderr };
}
