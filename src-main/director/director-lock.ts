import { open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';

export const LOCK_FILE = 'director.lock';

export interface LockInfo {
  pid: number;
  startedAt: string;
  /** Where clients reach this Director (set once it listens); null for an embedded Director without a server. */
  url: string | null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function readLock(configDir: string): Promise<LockInfo | null> {
  try {
    const info = JSON.parse(await readFile(join(configDir, LOCK_FILE), 'utf8')) as LockInfo;
    return typeof info.pid === 'number' && alive(info.pid) ? info : null;
  } catch {
    return null;
  }
}

export class DirectorLockedError extends Error {
  constructor(readonly holder: LockInfo, configDir: string) {
    super(
      `Another HotBackup Director (process ${holder.pid}, started ${holder.startedAt}) already owns ${configDir}` +
        (holder.url ? ` and serves ${holder.url.replace(/#.*$/, '')}` : '') +
        '. Use that one, or stop it first.',
    );
    this.name = 'DirectorLockedError';
  }
}

/**
 * One Director per config directory. The lock file holds our pid; a lock left by a process
 * that no longer runs (power cut, kill -9) is taken over.
 */
export async function acquireDirectorLock(configDir: string, clock: () => Date): Promise<DirectorLock> {
  const file = join(configDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o600);
      const info: LockInfo = { pid: process.pid, startedAt: clock().toISOString(), url: null };
      await handle.writeFile(JSON.stringify(info));
      await handle.close();
      return new DirectorLock(file, info);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = await readLock(configDir);
      if (holder) throw new DirectorLockedError(holder, configDir);
      await unlink(file).catch(() => undefined);
    }
  }
  throw new Error(`Could not take the Director lock ${file}: remove it if no Director is running.`);
}

export class DirectorLock {
  constructor(
    private readonly file: string,
    private info: LockInfo,
  ) {}

  async setUrl(url: string): Promise<void> {
    const { writeFileAtomic } = await import('../engine/fs/atomic-write.js');
    this.info = { ...this.info, url };
    await writeFileAtomic(this.file, JSON.stringify(this.info), 0o600);
  }

  async release(): Promise<void> {
    await unlink(this.file).catch(() => undefined);
  }
}
