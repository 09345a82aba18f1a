import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** Total bytes of regular files under a folder. */
export function folderBytes(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) n += folderBytes(p);
    else if (e.isFile()) n += statSync(p).size;
  }
  return n;
}

/** Run a shell pipeline; returns the CPU seconds (user + system) its processes used, from `times`. */
export function shell(command: string): number {
  const r = spawnSync('sh', ['-c', `${command}\ntimes`], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${command}: ${r.stderr}`);
  const children = r.stdout.trim().split('\n').at(-1) ?? '';
  const secs = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  return secs.reduce((a, b) => a + b, 0);
}

/**
 * CPU seconds of this process's children that have ended (Linux: cutime + cstime of /proc/self/stat,
 * in clock ticks of 1/100 s): HotBackup's SQLite helper process makes the database copies and runs
 * quick_check, and its CPU belongs to the run. 0 where /proc is missing.
 */
export function endedChildrenCpuSeconds(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of stat(5), counted from the state (field 3) at index 0.
    return (Number(f[13]) + Number(f[14])) / 100;
  } catch {
    return 0;
  }
}

/**
 * Wall seconds, and CPU seconds of this process (all its threads, so the backup worker too) plus
 * those of its children that ended meanwhile (the run's SQLite helper).
 */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ seconds: number; cpuSeconds: number; value: T }> {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const k0 = endedChildrenCpuSeconds();
  const value = await fn();
  const c = process.cpuUsage(c0);
  const children = endedChildrenCpuSeconds() - k0;
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, cpuSeconds: (c.user + c.system) / 1e6 + children, value };
}

export interface WriterHandle {
  stop(): Promise<number[]>;
}

/** Start bench/sqlite-writer.ts as its own process; resolves once it commits. */
export async function startWriter(dbPath: string): Promise<WriterHandle> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL('./sqlite-writer.ts', import.meta.url).pathname, dbPath], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (c: string) => {
      out += c;
      if (out.includes('ready\n')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`sqlite writer exited (${code})`)));
  });
  return {
    stop: () =>
      new Promise<number[]>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve((JSON.parse(out.slice(out.indexOf('{'))) as { latencies: number[] }).latencies));
        child.kill('SIGTERM');
      }),
  };
}
