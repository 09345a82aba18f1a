import { shownName } from '../../../shared/shown-name.js';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isDiskFull } from '../errors.js';
import { isSqliteReport } from './sqlite-child.js';
import { sqliteCause } from './sqlite-private-copy.js';
import { HotBackupError } from '../../../shared/result.js';
import type { EntryTable } from '../plan/entry-table.js';
import type { SavedGate } from './saved-gate.js';
import { checkSqliteFile, copyHeldSnapshot, releaseSqliteSnapshot, type HeldSqliteSnapshot } from './sqlite-snapshot.js';

export interface SaveContext {
  stagingDir: string;
  log(code: string, detail: string): void;
  onProgress(bytesDone: number, filesDone: number, current: string | null): void;
  signal?: AbortSignal;
  /** Told as each database's copy is ready for the stream (and of a failure), when the stream runs meanwhile. */
  gate?: SavedGate;
}

/**
 * "Saving Files": copy each held database snapshot to the staging folder in one step and check
 * the copy; the read transactions are released as soon as their copy is made. Both run in the
 * SQLite helper process (sqlite-child.ts): a stop request kills it at once, and the copy's final
 * name exists only once it is complete, so a partial copy is never streamed. With a `gate`, the
 * stream waits at each database until its copy has passed quick_check.
 */
export async function saveDatabases(entries: EntryTable, held: HeldSqliteSnapshot[], ctx: SaveContext): Promise<void> {
  const bySource = new Map<string, number>();
  for (let i = 0; i < entries.length; i++) if (entries.kindAt(i) === 'sqlite' && !entries.isRemoved(i)) bySource.set(entries.get(i).source, i);
  for (const h of held) {
    const entry = bySource.get(h.source);
    if (entry !== undefined) ctx.gate?.expect(entry);
  }
  let bytes = 0;
  let done = 0;
  try {
    for (const [i, h] of held.entries()) {
      ctx.signal?.throwIfAborted();
      const entry = bySource.get(h.source);
      if (entry === undefined) throw new Error(`internal: no plan entry for held database ${h.source}`);
      const dest = join(ctx.stagingDir, `${i}.sqlite`);
      let copy;
      try {
        copy = await copyHeldSnapshot(h, dest);
      } catch (err) {
        // A full or failing HotBackup drive is the run's to judge (one message for it); the rest is this database's.
        if (isDiskFull(err) || String((err as { code?: unknown }).code ?? '').startsWith('SQLITE_IOERR') || ctx.signal?.aborted || !isSqliteReport(err)) throw err;
        throw new HotBackupError(
          'RUN_FAILED',
          `SQLite database "${h.source}" could not be copied from its snapshot (${sqliteCause(err)}). Run PRAGMA integrity_check on it, or open the program that uses it once, then run the backup again.`,
        );
      }
      await releaseSqliteSnapshot(h);
      const size = (await stat(dest)).size;
      ctx.log('HB_SQLITE_COPIED', `"${shownName(h.sourceBytes ?? h.source)}": ${copy.pages} pages, ${size} bytes, in ${copy.steps} step(s)`);
      const findings = await checkSqliteFile(h.child, dest);
      if (findings.length) {
        throw new HotBackupError(
          'RUN_FAILED',
          `The snapshot copy of SQLite database "${h.source}" failed PRAGMA quick_check: ${findings.slice(0, 3).join('; ')}. ` +
            'The database itself may be damaged: run PRAGMA integrity_check on it.',
        );
      }
      ctx.log('HB_SQLITE_QUICK_CHECK', `"${shownName(h.sourceBytes ?? h.source)}": ok`);
      entries.setContent(entry, { kind: 'file', path: dest }, size);
      ctx.gate?.saved(entry);
      bytes += size;
      ctx.onProgress(bytes, ++done, h.source);
    }
  } catch (err) {
    ctx.gate?.fail(err);
    throw err;
  } finally {
    // On failure the run closes (or, on a stop request, has killed) the helper: what it holds ends with it.
    for (const h of held) h.released = true;
  }
}
