import type { HistoryLine } from './history-format.js';
import { parseHistory } from './history-format.js';

/**
 * Pure: which lines of the run history stay when it is compacted. An attempt (its begin, folder
 * and end lines) or a missed slot stays while it is younger than `keepDays`, among the newest
 * `maxEntries`; an attempt whose backup is still present (`present(folder, id)`) always stays.
 * Lines written by a newer HotBackup are kept as they are; lines of an attempt whose begin line
 * is gone (damaged earlier) are dropped, as the listing ignores them already.
 */
export interface HistoryRetention {
  keepDays: number;
  maxEntries: number;
}

/** About 420 bytes an attempt: a year of three runs a day is under 0.5 MB. */
export const HISTORY_RETENTION: HistoryRetention = { keepDays: 400, maxEntries: 3000 };

interface Group {
  at: number;
  folder: string;
  id: string | null;
  lines: number[];
}

export function linesToKeep(rawLines: readonly string[], now: Date, present: (folder: string, id: string) => boolean, r: HistoryRetention = HISTORY_RETENTION): { keep: string[]; dropped: number } {
  const groups = new Map<string, Group>();
  const order: Group[] = [];
  const kept = new Set<number>();
  rawLines.forEach((raw, i) => {
    const parsed = parseHistory(raw);
    const line: HistoryLine | undefined = parsed.lines[0];
    if (!line) {
      if (parsed.newer || parsed.damaged.length) kept.add(i); // not ours to judge
      return;
    }
    if (line.type === 'missed') {
      order.push({ at: Date.parse(line.slot), folder: line.hotBackupFolder, id: null, lines: [i] });
      return;
    }
    let g = groups.get(line.key);
    if (line.type === 'begin') {
      g = { at: Date.parse(line.startedAt), folder: line.hotBackupFolder, id: null, lines: [] };
      groups.set(line.key, g);
      order.push(g);
    }
    if (!g) return;
    g.lines.push(i);
    if (line.type === 'folder' || (line.type === 'end' && line.id)) g.id = line.id;
  });
  const oldest = now.getTime() - r.keepDays * 86_400_000;
  const newestFirst = [...order].sort((a, b) => b.at - a.at);
  let shown = 0;
  for (const g of newestFirst) {
    const young = !(g.at < oldest) && shown < r.maxEntries;
    if (young) shown++;
    if (young || (g.id !== null && present(g.folder, g.id))) for (const i of g.lines) kept.add(i);
  }
  const keep = rawLines.filter((_, i) => kept.has(i));
  return { keep, dropped: rawLines.length - keep.length };
}
