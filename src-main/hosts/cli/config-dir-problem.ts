import { relative, isAbsolute } from 'node:path';

const CAUSES: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'a read-only file system',
  ENOSPC: 'the drive is full',
  ENOTDIR: 'a file is in the way of a folder',
  ENOENT: 'a folder on its path cannot be created',
};

function inside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * The words for a file-system error on the config directory (or a folder above it, which
 * creating it needs), or null for any other error. A config directory that cannot be written
 * (a read-only or unwritable home, a typo in --config-dir) is met before anything runs.
 */
export function configDirProblem(err: unknown, configDir: string): string | null {
  const e = err as NodeJS.ErrnoException;
  const cause = e?.code ? CAUSES[e.code] : undefined;
  if (!cause || typeof e.path !== 'string') return null;
  if (e.code === 'ENOENT' && e.syscall !== 'mkdir') return null;
  if (!inside(e.path, configDir) && !inside(configDir, e.path)) return null;
  return (
    `HotBackup cannot write its config directory ${configDir} (${cause}: ${e.path}). ` +
    'Give this account write access to it, or choose another with --config-dir or $HOTBACKUP_CONFIG_DIR.'
  );
}
