import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface RunningDirector {
  configDir: string;
  /** http://127.0.0.1:PORT/#token=… */
  consoleUrl: string;
  origin: string;
  cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  stop(): Promise<void>;
}

const bin = join(process.cwd(), 'bin', 'hotbackup.js');

export function runCli(configDir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, '--config-dir', configDir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Start a real headless Director (the built CLI) on a fresh config directory. */
export async function startDirector(
  opts: { configDir?: string; env?: NodeJS.ProcessEnv; listen?: string; /** run it through this command, e.g. ['ip', 'netns', 'exec', NS] */ prefix?: string[] } = {},
): Promise<RunningDirector> {
  const configDir = opts.configDir ?? (await mkdtemp(join(tmpdir(), 'hb-e2e-')));
  const command = [...(opts.prefix ?? []), process.execPath, bin, '--config-dir', configDir, 'director', '--listen', opts.listen ?? '127.0.0.1:0'];
  const child: ChildProcess = spawn(command[0]!, command.slice(1), {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...opts.env },
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const consoleUrl = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = /^Console: (\S+)$/.exec(line);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`Director exited with ${code}: ${stderr}`)));
    setTimeout(() => reject(new Error(`Director did not start in 20 s: ${stderr}`)), 20_000);
  });
  return {
    configDir,
    consoleUrl,
    origin: new URL(consoleUrl).origin,
    cli: (...args) => runCli(configDir, args),
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (!opts.configDir) await rm(configDir, { recursive: true, force: true });
    },
  };
}
