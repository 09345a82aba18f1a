import { readFile } from 'node:fs/promises';

/**
 * Who a pid is right now, read from /proc on Linux: kill(pid, 0) alone cannot tell a reused pid
 * (after a reboot another program has it) or a zombie (killed, never reaped) from the holder.
 */
export interface ProcessProbe {
  /** Single-letter state from /proc/<pid>/stat (R, S, D, Z, X...); null where /proc is absent. */
  state: string | null;
  /** Start time in clock ticks since boot (field 22 of /proc/<pid>/stat); null where unknown. */
  startTicks: string | null;
  /** Start time as wall-clock milliseconds (boot time + ticks); null where unknown. */
  startedAtMs: number | null;
}

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux ABI Node runs on

let bootIdCache: string | null | undefined;
let bootTimeCache: number | null | undefined;

/** This boot's id (changes on every reboot); null off Linux. */
export async function currentBootId(): Promise<string | null> {
  if (bootIdCache === undefined) bootIdCache = (await readFile('/proc/sys/kernel/random/boot_id', 'utf8').catch(() => '')).trim() || null;
  return bootIdCache;
}

async function bootTimeMs(): Promise<number | null> {
  if (bootTimeCache === undefined) {
    const m = /^btime (\d+)$/m.exec(await readFile('/proc/stat', 'utf8').catch(() => ''));
    bootTimeCache = m ? Number(m[1]) * 1000 : null;
  }
  return bootTimeCache;
}

function signalable(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Parse /proc/<pid>/stat: the command name may hold spaces and parentheses, so split after the last ')'. */
export function parseProcStat(text: string): { state: string; startTicks: string } | null {
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const rest = text.slice(close + 2).trim().split(/\s+/);
  // rest[0] is field 3 (state); field 22 (starttime) is rest[19].
  if (rest.length < 20) return null;
  return { state: rest[0]!, startTicks: rest[19]! };
}

/** The process behind `pid` now, or null when there is none. */
export async function probeProcess(pid: number): Promise<ProcessProbe | null> {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' || err.code === 'ESRCH' ? '' : null));
  if (text === '') return null; // /proc is there and has no such process
  const parsed = text ? parseProcStat(text) : null;
  if (!parsed) return signalable(pid) ? { state: null, startTicks: null, startedAtMs: null } : null;
  const boot = await bootTimeMs();
  const startedAtMs = boot === null ? null : boot + (Number(parsed.startTicks) * 1000) / CLOCK_TICKS_PER_SECOND;
  return { state: parsed.state, startTicks: parsed.startTicks, startedAtMs };
}

/** This process's identity, written into every lock it takes. */
export async function ownIdentity(): Promise<{ bootId: string | null; startTicks: string | null }> {
  const me = await probeProcess(process.pid);
  return { bootId: await currentBootId(), startTicks: me?.startTicks ?? null };
}
