/**
 * The one lock file HotBackup uses (director.lock in the config directory, HOTBACKUP.LOCK in the
 * HotBackup folder). Hand-written rather than proper-lockfile: that library judges a lock stale
 * by an mtime refreshed from a timer, so a busy event loop or a slow backup drive loses a live
 * lock, and a USB drive would be written every few seconds for days. Here a holder is judged by
 * its identity: same host, same boot, same pid *and* same process start time, not a zombie.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { link, lstat, open, readdir, rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { readOwnFile } from './no-follow.js';
import { currentBootId, ownIdentity, probeProcess, type ProcessProbe } from './process-identity.js';

/** Which program holds a lock; messages name it ("a command-line run is not the console"). */
export type HolderKind = 'director' | 'console' | 'cli' | 'process';

export const LOCK_FORMAT = 1;

export interface LockHolder {
  pid: number;
  host: string;
  /** null in locks written before format 1, or off Linux. */
  bootId: string | null;
  startTicks: string | null;
  since: string;
  holder: HolderKind;
  purpose: string;
  /** Where clients reach a Director (director.lock only). */
  url: string | null;
}

export interface Here {
  host: string;
  bootId: string | null;
  pid: number;
}

/** Slack between a process starting and it writing its lock, for locks that carry no start time. */
const START_SLACK_MS = 5_000;

/**
 * Is the process that wrote `h` still the one running? Pure: `probe` is what its pid is now.
 * Another host's lock cannot be checked from here and counts as held.
 */
export function holderAlive(h: LockHolder, here: Here, probe: ProcessProbe | null): boolean {
  if (h.host !== here.host) return true;
  if (h.bootId && here.bootId && h.bootId !== here.bootId) return false; // written before a reboot
  if (!probe) return false;
  if (probe.state === 'Z' || probe.state === 'X') return false; // killed, not yet reaped
  if (h.startTicks && probe.startTicks) return h.startTicks === probe.startTicks; // pid reused?
  // A lock without a start time: a process that started after the lock was written is not its holder.
  const since = Date.parse(h.since);
  if (probe.startedAtMs !== null && Number.isFinite(since)) return probe.startedAtMs <= since + START_SLACK_MS;
  return true;
}

const str = (v: unknown, d: string) => (typeof v === 'string' && v ? v : d);
const kinds: readonly HolderKind[] = ['director', 'console', 'cli', 'process'];

/** Read a lock file of any format (format 0 had pid/startedAt/url or pid/host/since/purpose). */
export function parseLock(text: string): LockHolder | null {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (!raw || typeof raw !== 'object' || typeof raw.pid !== 'number') return null;
  return {
    pid: raw.pid,
    host: str(raw.host, hostname()),
    bootId: typeof raw.bootId === 'string' ? raw.bootId : null,
    startTicks: typeof raw.startTicks === 'string' ? raw.startTicks : null,
    since: str(raw.since, str(raw.startedAt, '?')),
    holder: kinds.includes(raw.holder as HolderKind) ? (raw.holder as HolderKind) : 'process',
    purpose: str(raw.purpose, 'unknown'),
    url: typeof raw.url === 'string' ? raw.url : null,
  };
}

async function here(): Promise<Here> {
  return { host: hostname(), bootId: await currentBootId(), pid: process.pid };
}

/** The live holder of `file`, or null when there is none (a stale lock counts as none). */
export async function liveHolder(file: string): Promise<LockHolder | null> {
  const text = await readOwnFile(file).catch(() => null);
  const h = text === null ? null : parseLock(text);
  if (!h) return null;
  return holderAlive(h, await here(), await probeProcess(h.pid)) ? h : null;
}

export class LockHeldError extends Error {
  constructor(readonly holder: LockHolder, readonly file: string) {
    super(`${file} is held by process ${holder.pid} on ${holder.host}`);
    this.name = 'LockHeldError';
  }
}

export interface OwnerLock {
  readonly file: string;
  readonly info: LockHolder;
  /** Rewrite the lock with new fields (the Director's URL once it listens). */
  update(patch: Partial<Pick<LockHolder, 'url' | 'purpose'>>): Promise<void>;
  release(): Promise<void>;
}

/** Create `file` holding `text` only if it does not exist, never visible half-written where the filesystem allows. */
async function createExclusive(file: string, text: string, mode: number): Promise<void> {
  const tmp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, text, { mode, flag: 'wx' });
  try {
    await link(tmp, file);
    return;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
  // FAT/exFAT drives have no hard links: exclusive create, then write.
  const handle = await open(file, 'wx', mode);
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
}

/**
 * Remove a stale lock without removing a fresh one another taker wrote meanwhile: move it
 * aside, and put it back if what was moved is not the stale lock that was judged.
 */
async function removeStale(file: string, staleText: string): Promise<void> {
  const aside = `${file}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(file, aside);
  } catch {
    return;
  }
  if ((await readOwnFile(aside).catch(() => '')) !== staleText) await link(aside, file).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Work files of takers killed mid-way (SIGKILL, power cut), removed by the new holder: the
 * create temp `<lock>.<pid>-<hex>.tmp` and the aside copy `<lock>.stale-<pid>-<hex>` of a process
 * no longer running, and the holder's own rewrite temp `.<lock>.<hex>.tmp` (only a holder writes it).
 */
async function sweepLockLeftovers(file: string): Promise<void> {
  const base = escapeRe(basename(file));
  const byTaker = new RegExp(`^${base}\\.(?:stale-)?(\\d+)-[0-9a-f]{8}(?:\\.tmp)?$`);
  const byHolder = new RegExp(`^\\.${base}\\.[0-9a-f]{12}\\.tmp$`);
  const names = await readdir(dirname(file)).catch(() => [] as string[]);
  for (const name of names) {
    const m = byTaker.exec(name);
    if (m) {
      const pid = Number(m[1]);
      if (pid === process.pid) continue;
      const probe = await probeProcess(pid);
      if (probe && probe.state !== 'Z' && probe.state !== 'X') continue; // a taker at work now
    } else if (!byHolder.test(name)) continue;
    await unlink(join(dirname(file), name)).catch(() => undefined);
  }
}

/** A half-written lock (its writer crashed between create and write) older than this is stale. */
const UNREADABLE_STALE_MS = 10_000;

/**
 * Take `file`, or throw LockHeldError naming its live holder. A lock left by a dead process is
 * taken over: process gone, a zombie, its pid reused by another program, or written before a reboot.
 */
export async function acquireOwnerLock(
  file: string,
  claim: { holder: HolderKind; purpose: string; url?: string | null; mode?: number },
  clock: () => Date = () => new Date(),
): Promise<OwnerLock> {
  const me = await ownIdentity();
  for (let attempt = 0; attempt < 5; attempt++) {
    const info: LockHolder = { pid: process.pid, host: hostname(), ...me, since: clock().toISOString(), holder: claim.holder, purpose: claim.purpose, url: claim.url ?? null };
    const text = () => JSON.stringify({ format: LOCK_FORMAT, ...info, startedAt: info.since });
    try {
      await createExclusive(file, text(), claim.mode ?? 0o644);
      await sweepLockLeftovers(file);
      return {
        file,
        get info() {
          return info;
        },
        update: async (patch) => {
          Object.assign(info, patch);
          await writeFileAtomic(file, text(), claim.mode ?? 0o644);
        },
        release: async () => {
          const now = parseLock((await readOwnFile(file).catch(() => '')) || 'null');
          if (now && now.pid === info.pid && now.since === info.since && now.startTicks === info.startTicks) await unlink(file).catch(() => undefined);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // Never followed: a link or FIFO planted as the lock is named, not read (a FIFO would hang the read).
      const existing = await readOwnFile(file).catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return null;
        throw e;
      });
      if (existing === null) continue; // released meanwhile
      const h = parseLock(existing);
      if (!h) {
        const age = Date.now() - ((await lstat(file).catch(() => null))?.mtimeMs ?? 0);
        if (age < UNREADABLE_STALE_MS) throw new LockHeldError({ pid: 0, host: hostname(), bootId: null, startTicks: null, since: '?', holder: 'process', purpose: 'starting', url: null }, file);
      } else if (holderAlive(h, await here(), await probeProcess(h.pid))) {
        throw new LockHeldError(h, file);
      }
      await removeStale(file, existing);
    }
  }
  throw new Error(`Could not take the lock ${file}: other processes keep taking it. Try again in a moment.`);
}

/** How a holder reads in messages: "a HotBackup command-line run (process 4242 on pc1)". */
export function describeHolder(h: LockHolder): string {
  const what = { director: 'the HotBackup Director', console: 'the HotBackup console', cli: 'a hotbackup command-line run', process: 'a HotBackup process' }[h.holder];
  return `${what} (process ${h.pid} on ${h.host}, since ${h.since})`;
}
