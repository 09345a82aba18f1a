import { z } from 'zod';
import { CauseKind, HISTORY_FORMAT, SkipCounts, type HistoryEntry } from '../../../shared/history.js';
import { Phase } from '../../../shared/status.js';

/**
 * The run history's journal: one JSON object per line, each carrying its format version `v`.
 * An attempt writes a `begin` line when it starts, a `folder` line once its backup folder exists
 * and an `end` line when it ends; a killed run leaves a `begin` without `end` (shown Interrupted).
 * A missed scheduled slot is one `missed` line. Lines are appended; history-compact.ts decides
 * which old attempts go when the journal grows large (rewritten whole, atomically).
 */
export const HISTORY_FILE = 'run-history.jsonl';

/** Every format this release reads: 1 and 2 (2 added `by` to `begin`). */
const v = z.number().int().min(1).max(HISTORY_FORMAT);
/** The process that wrote a `begin` line (its run is In Progress while that process lives). Format 2. */
export const Writer = z.object({ pid: z.number().int(), host: z.string(), bootId: z.string().nullable(), startTicks: z.string().nullable() });
export type Writer = z.infer<typeof Writer>;
export const BeginLine = z.object({
  v, type: z.literal('begin'), key: z.string().min(1), startedAt: z.string(), trigger: z.string(), user: z.string(), task: z.string(), hotBackupFolder: z.string(),
  by: Writer.optional(),
});
export const FolderLine = z.object({ v, type: z.literal('folder'), key: z.string().min(1), id: z.string() });
export const EndLine = z.object({
  v, type: z.literal('end'), key: z.string().min(1), endedAt: z.string(), result: z.enum(['Succeeded', 'Failed']), phase: Phase.nullable(),
  cause: z.string().nullable(), causeKind: CauseKind.nullable(), id: z.string().nullable(),
  files: z.number().int().nullable(), bytes: z.number().nullable(), skipped: SkipCounts.nullable(),
});
export const MissedLine = z.object({
  v, type: z.literal('missed'), slot: z.string(), trigger: z.string(), cause: z.string(), recordedAt: z.string(), hotBackupFolder: z.string(),
});
export const HistoryLine = z.discriminatedUnion('type', [BeginLine, FolderLine, EndLine, MissedLine]);
export type HistoryLine = z.infer<typeof HistoryLine>;
export type BeginLine = z.infer<typeof BeginLine>;
export type EndLine = z.infer<typeof EndLine>;
export type MissedLine = z.infer<typeof MissedLine>;

export const formatHistoryLine = (line: HistoryLine): string => JSON.stringify(line) + '\n';

export interface ParsedHistory {
  lines: HistoryLine[];
  /** Lines that are not JSON or not a known record (a torn write, an edit): kept aside by the store. */
  damaged: { line: string; reason: string }[];
  /** Lines written by a newer HotBackup (a higher `v`): left in the file, not shown. */
  newer: number;
}

/** Pure: the journal's text → its lines. */
export function parseHistory(text: string): ParsedHistory {
  const out: ParsedHistory = { lines: [], damaged: [], newer: 0 };
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    let obj: unknown;
    try {
      obj = JSON.parse(raw);
    } catch {
      out.damaged.push({ line: raw, reason: 'not a complete JSON line (a write cut short?)' });
      continue;
    }
    const version = (obj as { v?: unknown } | null)?.v;
    if (typeof version === 'number' && version > HISTORY_FORMAT) {
      out.newer++;
      continue;
    }
    const parsed = HistoryLine.safeParse(obj);
    if (parsed.success) out.lines.push(parsed.data);
    else out.damaged.push({ line: raw, reason: `not a run history record (${parsed.error.issues[0]?.path.join('.') || 'shape'}: ${parsed.error.issues[0]?.message ?? 'invalid'})` });
  }
  return out;
}

/**
 * Pure: fold the lines into one entry per attempt and per missed slot, oldest first.
 * `activeKey` is this process's run in progress now, `liveKeys` the runs whose writing process
 * (another one: a CLI run) is still running: their `begin` without `end` is In Progress, not Interrupted.
 */
export function foldHistory(lines: readonly HistoryLine[], activeKey: string | null = null, liveKeys: ReadonlySet<string> = new Set()): HistoryEntry[] {
  const byKey = new Map<string, HistoryEntry>();
  const order: HistoryEntry[] = [];
  for (const l of lines) {
    if (l.type === 'missed') {
      order.push({
        key: `missed-${l.slot}`, kind: 'missed', startedAt: l.slot, endedAt: null, trigger: l.trigger, user: '', task: '', result: 'Missed', phase: null,
        cause: l.cause, causeKind: null, id: null, hotBackupFolder: l.hotBackupFolder, files: null, bytes: null, skipped: null,
      });
      continue;
    }
    let e = byKey.get(l.key);
    if (l.type === 'begin') {
      const running = l.key === activeKey || liveKeys.has(l.key);
      e = {
        key: l.key, kind: 'attempt', startedAt: l.startedAt, endedAt: null, trigger: l.trigger, user: l.user, task: l.task,
        result: running ? 'In Progress' : 'Interrupted', phase: null,
        cause: running ? null : 'the process running it ended before it finished (killed, crashed or power cut)',
        causeKind: running ? null : 'interrupted', id: null, hotBackupFolder: l.hotBackupFolder, files: null, bytes: null, skipped: null,
      };
      byKey.set(l.key, e);
      order.push(e);
      continue;
    }
    if (!e) continue; // its begin line was damaged and kept aside
    if (l.type === 'folder') e.id = l.id;
    else Object.assign(e, { endedAt: l.endedAt, result: l.result, phase: l.phase, cause: l.cause, causeKind: l.causeKind, id: l.id ?? e.id, files: l.files, bytes: l.bytes, skipped: l.skipped });
  }
  return order.sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
}
