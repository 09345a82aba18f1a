import type { Phase } from '../../../shared/status.js';
import type { EngineSettings } from '../../../shared/settings.js';
import type { ManifestEntryWriter } from '../manifest/manifest-writer.js';
import type { EntryTable } from '../plan/entry-table.js';
import { saveDatabases } from '../snapshot/save-databases.js';
import { SavedGate } from '../snapshot/saved-gate.js';
import type { HeldSqliteSnapshot } from '../snapshot/sqlite-snapshot.js';
import { streamBackup, type StreamResult } from '../stream/stream-backup.js';
import type { VolumeInfo } from '../manifest/manifest.js';

export interface SaveAndStreamInput {
  table: EntryTable;
  held: HeldSqliteSnapshot[];
  stagingDir: string;
  backupDir: string;
  settings: EngineSettings;
  signal?: AbortSignal;
  memberSize?: number;
  entryList: ManifestEntryWriter;
  log(code: string, detail?: string): void;
  /** The run's phase change (throws when the run is stopped). */
  enter(p: Phase, bytesTotal: number, filesTotal: number): void;
  onProgress(bytesDone: number, filesDone: number, current: string | null): void;
  onVolume(v: VolumeInfo): void;
  /** Just before the stream starts its threads (the worker lowers its CPU priority here). */
  onStreamStart?(): void;
  /** Every copy is made and checked: the helper holding the snapshots can go. */
  afterSaving(): Promise<void>;
}

/**
 * "Saving Files" and "Streaming Files", overlapped: the database copies are made in the SQLite
 * helper process while this thread streams every other entry (the databases come last in the
 * tar, in plan order; their folders are already in it); the stream waits at each database until
 * its copy has passed quick_check (saved-gate.ts), so no byte is streamed from an unfinished or
 * unchecked copy. The run shows "Saving Files" until the last copy is made. A failure of either
 * stops the other before the error is passed on.
 */
export async function saveAndStream(x: SaveAndStreamInput): Promise<StreamResult & { savedFiles: number }> {
  const gate = new SavedGate();
  const stop = new AbortController();
  const signal = x.signal ? AbortSignal.any([x.signal, stop.signal]) : stop.signal;
  const saving = saveDatabases(x.table, x.held, { stagingDir: x.stagingDir, signal: x.signal, log: x.log, gate, onProgress: x.onProgress });
  saving.catch(() => undefined); // awaited below
  // What the stream has to carry: the content captured at the snapshot point (counted before the
  // stream lets memory captures go), then each database copy once made.
  let contentBytes = 0;
  const databases = new Set(gate.expected);
  for (let i = 0; i < x.table.length; i++) if (x.table.hasContent(i) && !databases.has(i)) contentBytes += x.table.sizeAt(i);
  let shown = false;
  let last: [number, number, string | null] = [0, 0, null];
  x.onStreamStart?.();
  const streaming = streamBackup(x.table.capturedWithLast(databases, (i) => gate.wait(i)), x.entryList, {
    backupDir: x.backupDir, settings: x.settings, signal, memberSize: x.memberSize, onVolume: x.onVolume,
    onProgress: (b, f, cur) => {
      last = [b, f, cur];
      if (shown) x.onProgress(b, f, cur);
    },
  });
  streaming.catch(() => undefined); // awaited below
  try {
    // A stream that fails while a copy is made (a full drive) ends the wait at once.
    await Promise.race([saving, streaming.then(() => saving)]);
    await x.afterSaving();
    for (const i of gate.expected) contentBytes += x.table.sizeAt(i);
    // The same count as Locking Files, less what vanished or could not be read meanwhile.
    let savedFiles = 0;
    for (let i = 0; i < x.table.length; i++) if (!x.table.isRemoved(i) && (x.table.kindAt(i) === 'file' || x.table.kindAt(i) === 'sqlite')) savedFiles++;
    x.enter('Streaming Files', contentBytes, savedFiles);
    x.log('HB_BEGIN_STREAM', `${x.settings.compression}, volumes of ${x.settings.volumeSize} bytes; ${last[0]} bytes streamed while the databases were copied`);
    shown = true;
    x.onProgress(...last);
    return { ...(await streaming), savedFiles };
  } catch (err) {
    gate.fail(err);
    stop.abort(err);
    // The stream's volumes are closed before the run's failure handling removes its files.
    await streaming.catch(() => undefined);
    throw err;
  }
}
