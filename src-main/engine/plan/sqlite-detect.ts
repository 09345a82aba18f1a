/** Every SQLite 3 database starts with these 16 bytes. */
export const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

export function isSqliteHeader(first16: Uint8Array): boolean {
  return first16.length >= 16 && SQLITE_HEADER.equals(first16.subarray(0, 16));
}

/**
 * `x.db-wal` and `x.db-journal` belong to the database `x.db` (the snapshot copy already holds
 * their committed content); `x.db-shm` is a shared-memory index SQLite rebuilds. None is stored apart.
 */
export function sqliteCompanionBase(name: string): { base: string; kind: 'wal' | 'shm' | 'journal' } | null {
  const m = /^(.+)-(wal|shm|journal)$/.exec(name);
  return m ? { base: m[1] as string, kind: m[2] as 'wal' | 'shm' | 'journal' } : null;
}
