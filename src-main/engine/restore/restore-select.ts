import type { ManifestReader } from '../manifest/manifest-reader.js';
import type { Pacer } from '../plan/glob-match.js';
import type { ExtractPlan } from './extract-archive.js';
import { readSpans, selectForRestore } from './restore-plan.js';
import { heldItems, roomOf, selectStreamed, streamedItems, streamedSpans, type ManifestNotes } from './restore-stream.js';

export interface RestorePlan {
  /** Why the restore must not write anything (entries that would land outside the folder). */
  problems: string[];
  /** Entries restored (a carrier counts, a hard link restored as its file's content does not). */
  items: number;
  /** File bytes the selection holds. */
  bytes: number;
  /** Disk the selection takes once restored, about (roomOf). */
  room: number;
  extract: ExtractPlan;
}

/**
 * What a restore reads and writes. A manifest as HotBackup writes it (a line per entry, offsets
 * ascending) is never held: the selection is a byte per entry and extraction pulls the entries
 * from the file again (restore-stream.ts). Any other (format 1, laid out by hand) is held and
 * selected as before (restore-plan.ts).
 */
/** What a restore picks: path globs, and exact archive paths (Browse's ticks, raw bytes). */
export interface RestorePick {
  globs: readonly string[];
  exact: readonly Buffer[];
}

export async function planRestore(reader: ManifestReader, notes: ManifestNotes, pick: RestorePick, pacer: Pacer, joinGap: number): Promise<RestorePlan> {
  if (reader.lineByLine && reader.ascending && notes.count === reader.count) {
    const s = await selectStreamed(reader, notes, pick, reader.head.totals?.tarBytes, pacer);
    return {
      problems: s.problems,
      items: s.items,
      bytes: s.bytes,
      room: s.room,
      extract: { spans: streamedSpans(s, joinGap), offsets: s.offsets, items: (missed) => streamedItems(reader, s, missed) },
    };
  }
  const sel = await selectForRestore({ ...reader.head, entries: reader.kept() }, pick.globs, pacer, pick.exact);
  return {
    problems: sel.problems,
    items: sel.items.length,
    bytes: sel.items.reduce((n, it) => n + (it.m.kind === 'file' || it.m.kind === 'sqlite' ? it.m.size : 0), 0),
    room: sel.items.reduce((n, it) => n + roomOf(it.m), 0),
    extract: { spans: readSpans(sel.items, joinGap), offsets: sel.offsets, items: (missed) => heldItems(sel.items, missed) },
  };
}
