import { constants } from 'node:fs';
import { access, mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { HISTORY_FORMAT, type HistoryListing } from '../../../shared/history.js';
import { HotBackupError } from '../../../shared/result.js';
import { errnoWords } from '../../engine/index.js';
import { writeFileAtomic } from '../../base/atomic-write.js';
import { formatLocalIso } from '../../base/local-iso.js';
import { decodeJournal, FOREIGN_REASON, joinLines, splitLines, utf8Line, type JournalText } from './history-bytes.js';
import { linesToKeep, type HistoryRetention } from './history-compact.js';
import { withHistoryLock } from './history-lock.js';
import { liveWriterKeys } from './history-writers.js';
import { foldHistory, formatHistoryLine, HISTORY_FILE, parseHistory, type HistoryLine } from './history-format.js';

export const historyFile = (configDir: string): string => join(configDir, HISTORY_FILE);

/**
 * One change to a journal at a time within this process; across processes the history lock
 * (history-lock.ts) does the same: a compaction or repair rewrites the journal whole, and must
 * not drop a line appended meanwhile.
 */
const queues = new Map<string, Promise<unknown>>();
function serial<T>(file: string, work: () => Promise<T>): Promise<T> {
  const run = (queues.get(file) ?? Promise.resolve()).then(work, work);
  const settled = run.then(() => undefined, () => undefined);
  queues.set(file, settled);
  void settled.then(() => {
    if (queues.get(file) === settled) queues.delete(file);
  });
  return run;
}

const code = (err: unknown) => (err as NodeJS.ErrnoException | null)?.code;

/** A change to the journal: one at a time in this process, and across processes (history-lock.ts). */
function change<T>(file: string, work: () => Promise<T>, before: () => Promise<unknown>): Promise<T> {
  return serial(file, async () => {
    await before().catch((err: unknown) => {
      throw journalError(file, 'written', err);
    });
    return locked(file, work);
  });
}

/** Under the cross-process lock; a failure to take it is told in words like any other. */
function locked<T>(file: string, work: () => Promise<T>): Promise<T> {
  return withHistoryLock(file, work, (err) => journalError(file, 'written', err));
}

/** The journal's problem in words, with the file and the fix (never a raw errno). */
function journalError(file: string, doing: 'read' | 'written', err: unknown): HotBackupError {
  const why = code(err) === 'ELOOP' ? 'it is a symbolic link, which HotBackup never follows for its own files' : errnoWords(err);
  return new HotBackupError(
    'IO_ERROR',
    `The run history ${file} cannot be ${doing} (${why}). Make it a plain file the account running HotBackup can read and write (or move it away to start a new history).`,
  );
}

/** Open the journal without following a symbolic link planted in its place. */
async function openJournal(file: string, flags: number, doing: 'read' | 'written') {
  try {
    return await open(file, flags | constants.O_NOFOLLOW, 0o644);
  } catch (err) {
    if (code(err) === 'ENOENT' && !(flags & constants.O_CREAT)) return null;
    throw journalError(file, doing, err);
  }
}

/** Whether the file is missing, empty, or ends with a newline (so the next line starts clean). */
async function endsClean(file: string): Promise<boolean> {
  const h = await openJournal(file, constants.O_RDONLY, 'written');
  if (!h) return true;
  try {
    const { size } = await h.stat();
    if (size === 0) return true;
    const b = Buffer.alloc(1);
    await h.read(b, 0, 1, size - 1);
    return b[0] === 0x0a;
  } finally {
    await h.close();
  }
}

/**
 * Append one line to the run history in the config directory (always writable, unlike a missing
 * or full HotBackup folder) and fsync it. A line torn by a power cut is closed first, so only it
 * is damaged (and kept aside at the next read), never the line after it.
 */
export function appendHistory(configDir: string, line: HistoryLine): Promise<void> {
  const file = historyFile(configDir);
  return change(file, () => appendLine(file, line), () => mkdir(configDir, { recursive: true }));
}

async function appendLine(file: string, line: HistoryLine): Promise<void> {
  const text = (await endsClean(file)) ? formatHistoryLine(line) : '\n' + formatHistoryLine(line);
  const h = await openJournal(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 'written');
  if (!h) return;
  try {
    await h.write(text);
    await h.sync();
  } catch (err) {
    throw journalError(file, 'written', err);
  } finally {
    await h.close();
  }
}

export interface MissedSlot {
  /** When the slot was due. */
  slot: Date;
  /** Why it did not run, in words, e.g. "the Director was not running" or "the clock jumped forward". */
  cause: string;
  hotBackupFolder: string;
  trigger?: string;
}

/** Record a scheduled slot that did not run, so "did last night's backup run?" is answered. */
export async function recordMissedSlot(configDir: string, missed: MissedSlot, clock: () => Date = () => new Date()): Promise<void> {
  await appendHistory(configDir, {
    v: HISTORY_FORMAT, type: 'missed', slot: formatLocalIso(missed.slot), trigger: missed.trigger ?? 'Scheduled', cause: missed.cause,
    recordedAt: formatLocalIso(clock()), hotBackupFolder: missed.hotBackupFolder,
  });
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

export interface ReadHistoryOptions {
  /** The run in progress (shown In Progress rather than Interrupted). */
  activeKey?: string | null;
  limit?: number;
  clock?: () => Date;
}

/**
 * Read the run history. Damaged lines (not JSON, not a record) are kept aside in
 * `run-history.jsonl.damaged-<time>` and the journal rewritten without them, like BACKUP.LOG.
 */
export function readHistory(configDir: string, opts: ReadHistoryOptions = {}): Promise<HistoryListing> {
  const file = historyFile(configDir);
  return serial(file, async () => (opts.limit ? await readTail(file, opts) : null) ?? readAndRepair(file, opts));
}

const TAIL_CHUNK = 64 * 1024;

/**
 * The newest `limit` entries, read from the end of the journal in chunks (an attempt's lines are
 * written close together, after its begin line). Null when the part read has damaged lines: the
 * whole journal is then read and repaired.
 */
async function readTail(file: string, opts: ReadHistoryOptions): Promise<HistoryListing | null> {
  const h = await openJournal(file, constants.O_RDONLY, 'read');
  if (!h) return { file, entries: [], damaged: 0, damagedFile: null, messages: [] };
  let text = '';
  try {
    const { size } = await h.stat();
    let pos = size;
    let chunks: Buffer[] = [];
    const starts = (t: string) => (t.match(/"type":"(begin|missed)"/g) ?? []).length;
    while (pos > 0) {
      const n = Math.min(TAIL_CHUNK, pos);
      pos -= n;
      const b = Buffer.alloc(n);
      await h.read(b, 0, n, pos);
      chunks = [b, ...chunks];
      text = Buffer.concat(chunks).toString('utf8');
      if (starts(text) > opts.limit!) break;
    }
    // Begun mid-line: the first, partial line is not ours to judge.
    const bytes = Buffer.concat(chunks);
    const read = decodeJournal(pos > 0 ? bytes.subarray(bytes.indexOf(0x0a) + 1) : bytes);
    if (read.foreign.length > 0) return null; // not UTF-8: read whole and repaired
    text = read.text;
  } catch (err) {
    throw journalError(file, 'read', err);
  } finally {
    await h.close();
  }
  const parsed = parseHistory(text);
  if (parsed.damaged.length > 0) return null;
  const messages = parsed.newer > 0 ? [`${parsed.newer} line(s) of ${HISTORY_FILE} were written by a newer HotBackup and are not shown`] : [];
  return { file, entries: foldHistory(parsed.lines, opts.activeKey ?? null, await liveWriterKeys(parsed.lines)).slice(-opts.limit!), damaged: 0, damagedFile: null, messages };
}

/** The journal is compacted once it is larger than this (bytes). */
export const COMPACT_AT_BYTES = 512 * 1024;

export interface CompactOptions {
  clock: () => Date;
  /** The backup IDs present in a HotBackup folder (its BACKUP.LOG); null when unknown (then all its attempts with an ID stay). */
  presentIds: (hotBackupFolder: string) => Promise<Set<string> | null>;
  retention?: HistoryRetention;
  /** Compact whatever the size (tests, tools). */
  force?: boolean;
}

/**
 * Keep the run history bounded (history-compact.ts decides what stays). Crash-safe: the new
 * journal is written to a temporary file, fsynced and renamed over the old one, so a power cut
 * leaves the old or the new journal, never a mix. It holds the history lock (history-lock.ts) from
 * its read to the rename, so no line another process (a CLI run) appends can fall in between.
 * Returns how many lines were dropped.
 */
export function compactHistory(configDir: string, o: CompactOptions): Promise<number> {
  const file = historyFile(configDir);
  return serial(file, async () => {
    const h = await openJournal(file, constants.O_RDONLY, 'read');
    if (!h) return 0;
    try {
      if (!o.force && (await h.stat()).size <= COMPACT_AT_BYTES) return 0;
    } finally {
      await h.close();
    }
    // Read, decided and renamed over under the lock: no other process appends meanwhile.
    return locked(file, () => compactLocked(file, o));
  });
}

async function compactLocked(file: string, o: CompactOptions): Promise<number> {
  const h = await openJournal(file, constants.O_RDONLY, 'read');
  if (!h) return 0;
  let parts: Buffer[];
  try {
    parts = splitLines(await h.readFile());
  } finally {
    await h.close();
  }
  // Only whole lines are judged; a torn last line stays for the reader to keep aside, as its bytes.
  const tail = parts.pop()!;
  // A line that is not UTF-8 is not judged either: it stays byte for byte (history-bytes.ts).
  const foreign = new Map<string, Buffer>();
  const raw: string[] = [];
  parts.forEach((b, i) => {
    const t = utf8Line(b);
    const key = t === null ? `\u0000hb-foreign-line-${i}` : t;
    if (t === null) foreign.set(key, b);
    if (key.trim() !== '') raw.push(key);
  });
  const folders = new Set<string>();
  for (const l of parseHistory(raw.join('\n')).lines) if (l.type === 'begin') folders.add(l.hotBackupFolder);
  const ids = new Map<string, Set<string> | null>();
  for (const f of folders) ids.set(f, await o.presentIds(f).catch(() => null));
  const { keep, dropped } = linesToKeep(raw, o.clock(), (folder, id) => {
    const present = ids.get(folder);
    return present === null || present === undefined || present.has(id);
  }, o.retention);
  if (dropped === 0) return 0;
  await writeFileAtomic(file, Buffer.concat([joinLines(keep.map((l) => foreign.get(l) ?? Buffer.from(l))), tail]));
  return dropped;
}

/** Read the whole journal; a journal with damaged lines is read again and repaired under the lock. */
async function readAndRepair(file: string, opts: ReadHistoryOptions): Promise<HistoryListing> {
  const read = decodeJournal(await readWhole(file));
  if (read.foreign.length === 0 && parseHistory(read.text).damaged.length === 0) return listing(file, read, opts);
  return locked(file, async () => listing(file, decodeJournal(await readWhole(file)), opts, true));
}

async function readWhole(file: string): Promise<Buffer> {
  let text = Buffer.alloc(0);
  const h = await openJournal(file, constants.O_RDONLY, 'read');
  if (h) {
    try {
      text = await h.readFile();
    } catch (err) {
      throw journalError(file, 'read', err);
    } finally {
      await h.close();
    }
  }
  return text;
}

async function listing(file: string, { text, foreign }: JournalText, opts: ReadHistoryOptions, repair = false): Promise<HistoryListing> {
  const parsed = parseHistory(text);
  const damaged = parsed.damaged.length + foreign.length;
  const messages: string[] = [];
  let damagedFile: string | null = null;
  if (repair && damaged > 0) {
    const now = (opts.clock ?? (() => new Date()))();
    damagedFile = `${file}.damaged-${stamp(now)}`;
    for (let n = 2; await access(damagedFile).then(() => true, () => false); n++) damagedFile = `${file}.damaged-${stamp(now)}-${n}`;
    await writeFileAtomic(damagedFile, joinLines([...foreign, ...parsed.damaged.map((d) => Buffer.from(d.line))]));
    const bad = new Set(parsed.damaged.map((d) => d.line));
    const kept = text.split('\n').filter((l) => l.trim() !== '' && !bad.has(l));
    await writeFileAtomic(file, kept.map((l) => l + '\n').join(''));
    messages.push(`${HISTORY_FILE} had ${damaged} damaged line(s) (${parsed.damaged[0]?.reason ?? FOREIGN_REASON}): kept in ${damagedFile}`);
  }
  if (parsed.newer > 0) messages.push(`${parsed.newer} line(s) of ${HISTORY_FILE} were written by a newer HotBackup and are not shown`);
  const all = foldHistory(parsed.lines, opts.activeKey ?? null, await liveWriterKeys(parsed.lines));
  return { file, entries: opts.limit ? all.slice(-opts.limit) : all, damaged, damagedFile, messages };
}
