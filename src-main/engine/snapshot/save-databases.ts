import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { HotBackupError } from '../../../shared/result.js';
import type { CapturedEntry } from './captured-entry.js';
import { checkSqliteFile, copyHeldSnapshot, releaseSqliteSnapshot, type HeldSqliteSnapshot } from './sqlite-snapshot.js';

export interface SaveContext {
  stagingDir: string;
  log(code: string, detail: string): void;
  onProgress(bytesDone: number, filesDone: number, current: string | null): void;
  signal?: AbortSignal;
}

/**
 * "Saving Files": copy each held database snapshot to the staging folder in one step and check
 * the copy; the read transactions are released as soon as their copy is made.
 */
export async function saveDatabases(entries: CapturedEntry[], held: HeldSqliteSnapshot[], ctx: SaveContext): Promise<void> {
  const bySource = new Map(entries.filter((e) => e.kind === 'sqlite').map((e) => [e.source, e]));
  let bytes = 0;
  let done = 0;
  try {
    for (const [i, h] of held.entries()) {
      ctx.signal?.throwIfAborted();
      const entry = bySource.get(h.source);
      if (!entry) throw new Error(`internal: no plan entry for held database ${h.source}`);
      const dest = join(ctx.stagingDir, `${i}.sqlite`);
      const copy = await copyHeldSnapshot(h, dest);
      releaseSqliteSnapshot(h);
      const size = (await stat(dest)).size;
      ctx.log('HB_SQLITE_COPIED', `"${h.source}": ${copy.pages} pages, ${size} bytes, in ${copy.steps} step(s)`);
      const findings = checkSqliteFile(dest);
      if (findings.length) {
        throw new HotBackupError(
          'RUN_FAILED',
          `The snapshot copy of SQLite database "${h.source}" failed PRAGMA quick_check: ${findings.slice(0, 3).join('; ')}. ` +
            'The database itself may be damaged: run PRAGMA integrity_check on it.',
        );
      }
      ctx.log('HB_SQLITE_QUICK_CHECK', `"${h.source}": ok`);
      entry.size = size;
      entry.content = { kind: 'file', path: dest };
      bytes += size;
      ctx.onProgress(bytes, ++done, h.source);
    }
  } finally {
    for (const h of held) if (h.db.open) releaseSqliteSnapshot(h);
  }
}
