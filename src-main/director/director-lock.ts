import { join } from 'node:path';
import { acquireOwnerLock, describeHolder, liveHolder, LockHeldError, type HolderKind, type LockHolder, type OwnerLock } from '../base/owner-lock.js';

export const LOCK_FILE = 'director.lock';

/** Who holds the config directory; `url` is where clients reach it (null until it listens, or never for a CLI run). */
export type LockInfo = LockHolder & { startedAt: string };

/** The live holder of the config directory, or null (a lock of a dead, zombie or replaced process counts as none). */
export async function readLock(configDir: string): Promise<LockInfo | null> {
  const h = await liveHolder(join(configDir, LOCK_FILE));
  return h ? { ...h, startedAt: h.since } : null;
}

/** What the holder is doing, in words, with what to do about it. */
export function describeConfigDirHolder(holder: LockHolder, configDir: string): string {
  const who = describeHolder(holder);
  if (holder.holder === 'cli') return `${who[0]!.toUpperCase()}${who.slice(1)} is using ${configDir} (${holder.purpose}). Wait for it to finish and try again.`;
  return (
    `${who[0]!.toUpperCase()}${who.slice(1)} already owns ${configDir}` +
    (holder.url ? ` and serves ${holder.url.replace(/#.*$/, '')}` : '') +
    '. Use that one, or stop it first.'
  );
}

export class DirectorLockedError extends Error {
  constructor(readonly holder: LockHolder, configDir: string) {
    super(describeConfigDirHolder(holder, configDir));
    this.name = 'DirectorLockedError';
  }
}

/**
 * One Director per config directory, whichever program hosts it (headless Director, console,
 * or a CLI command running one in-process). A lock left by a dead process is taken over.
 */
export async function acquireDirectorLock(configDir: string, clock: () => Date, holder: HolderKind = 'director', purpose = 'Director'): Promise<DirectorLock> {
  try {
    return new DirectorLock(await acquireOwnerLock(join(configDir, LOCK_FILE), { holder, purpose, mode: 0o600 }, clock));
  } catch (err) {
    if (err instanceof LockHeldError) throw new DirectorLockedError(err.holder, configDir);
    throw err;
  }
}

export class DirectorLock {
  constructor(private readonly lock: OwnerLock) {}

  async setUrl(url: string): Promise<void> {
    await this.lock.update({ url });
  }

  async release(): Promise<void> {
    await this.lock.release();
  }
}
