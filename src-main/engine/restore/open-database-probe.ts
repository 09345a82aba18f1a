import { lstat, readFile } from 'node:fs/promises';

// Does another program hold a SQLite database open? SQLite shows it through POSIX byte-range
// locks: a reader or writer of a rollback-journal database locks the database file's lock bytes
// (shared, reserved, pending: offset 1 GiB upwards), and every connection to a WAL database holds
// a lock on the `-shm` file (its DMS byte) for as long as it is open. Linux lists every such lock
// in /proc/locks, so they can be seen without taking one. A hot journal (`-journal` of non-zero
// size) means a writer is mid-transaction or crashed in one. Where /proc/locks is not there
// (macOS, Windows) the probe says it cannot tell, and the red light asks to close the programs.

export interface LockKey {
  major: number;
  minor: number;
  inode: bigint;
}

/** Pure: the (device, inode) pairs that some process holds a lock on, from /proc/locks text. */
export function lockedInodes(procLocks: string): LockKey[] {
  const out: LockKey[] = [];
  for (const line of procLocks.split('\n')) {
    if (line.includes('->')) continue; // a process waiting for a lock, not holding one
    const m = /\s([0-9a-f]+):([0-9a-f]+):(\d+)\s/.exec(line);
    if (m) out.push({ major: parseInt(m[1] as string, 16), minor: parseInt(m[2] as string, 16), inode: BigInt(m[3] as string) });
  }
  return out;
}

/** Linux's split of a dev_t into major and minor numbers. */
export function devParts(dev: bigint): { major: number; minor: number } {
  const major = Number(((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn));
  const minor = Number((dev & 0xffn) | ((dev >> 12n) & ~0xffn));
  return { major, minor };
}

export type OpenVerdict = { open: false } | { open: true; why: string } | { open: 'unknown' };

export interface ProbeDeps {
  /** /proc/locks text, or null where the system has none. */
  readLocks?: () => Promise<string | null>;
}

const defaultReadLocks = () => readFile('/proc/locks', 'utf8').catch(() => null);

/** Whether a program holds `dbPath` open, as far as SQLite's locks show it. */
export async function probeOpenDatabase(dbPath: string, deps: ProbeDeps = {}): Promise<OpenVerdict> {
  const journal = await lstat(`${dbPath}-journal`).catch(() => null);
  if (journal?.isFile() && journal.size > 0) {
    return { open: true, why: `its journal "${dbPath}-journal" holds an unfinished transaction (a program is writing it, or crashed while writing)` };
  }
  const text = await (deps.readLocks ?? defaultReadLocks)();
  if (text === null) return { open: 'unknown' };
  const held = lockedInodes(text);
  const isLocked = async (file: string) => {
    const s = await lstat(file, { bigint: true }).catch(() => null);
    if (!s) return false;
    const { major, minor } = devParts(s.dev);
    return held.some((k) => k.inode === s.ino && k.major === major && k.minor === minor);
  };
  if (await isLocked(`${dbPath}-shm`)) return { open: true, why: 'a program holds it open (its WAL shared-memory file is locked)' };
  if (await isLocked(dbPath)) return { open: true, why: 'a program holds it open (SQLite locks on the database file are held)' };
  return { open: false };
}
