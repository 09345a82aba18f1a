import Database from 'better-sqlite3';
import { HotBackupError } from '../../../shared/result.js';

/**
 * Why better-sqlite3's compiled part cannot load in this Node, or null when the error is
 * about the database. It loads on the first `new Database`, so an install without it
 * (scripts turned off) or built for another Node or for Electron fails there, and must not
 * be reported as a fault of the user's database.
 */
export function sqliteModuleProblem(err: unknown, node = process.versions.node): string | null {
  const code = (err as { code?: string }).code ?? '';
  const message = String((err as Error)?.message ?? err);
  const notBuilt = /Could not locate the bindings file/.test(message) || (code === 'MODULE_NOT_FOUND' && /\.node'/.test(message));
  const otherBuild = code === 'ERR_DLOPEN_FAILED' || /NODE_MODULE_VERSION|did not self-register/.test(message);
  if (!notBuilt && !otherBuild) return null;
  const why = notBuilt ? 'is not built (installed with install scripts turned off?)' : `is built for another Node (or for Electron), not for this Node ${node}`;
  return (
    `HotBackup cannot read SQLite databases: its SQLite module, better-sqlite3, ${why}. ` +
    'Run "npm rebuild better-sqlite3" in HotBackup\'s folder, then run the backup again.'
  );
}

/** `new Database(file, options)`, with a module that cannot load named as such (RUN_FAILED), not as the database's fault. */
export function openSqlite(file: string, options: Database.Options): Database.Database {
  try {
    return new Database(file, options);
  } catch (err) {
    const problem = sqliteModuleProblem(err);
    if (problem) throw new HotBackupError('RUN_FAILED', problem);
    throw err;
  }
}
