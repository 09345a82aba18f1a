import { appendFile, mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { OffsiteCopyRecord } from '../../../shared/offsite.js';

// offsite-history.jsonl in the config directory: one line per finished copy attempt, kept after
// the copies themselves are gone. Format 1: `{"v":1, ...OffsiteCopyRecord}` (the only format so
// far; a line without `v` is read as 1, a line of a later format is skipped). Lines that do not
// read (a line cut by a crash) are skipped; the history is a record, never a reason to stop.
// The file only grows, so it is read from its end: the last records, never the whole file.

export const OFFSITE_HISTORY = 'offsite-history.jsonl';
export const OFFSITE_HISTORY_VERSION = 1;

/** Bytes read from the end at a time, and at most per record asked for (a record is ~300 bytes). */
const CHUNK = 64 * 1024;
const BYTES_PER_RECORD = 4096;

export async function appendOffsiteHistory(configDir: string, r: OffsiteCopyRecord): Promise<void> {
  await mkdir(configDir, { recursive: true, mode: 0o700 });
  const file = join(configDir, OFFSITE_HISTORY);
  // A line cut short by a power cut has no line end: the record starts a line of its own, or both would be lost.
  const cut = await endsInsideLine(file);
  await appendFile(file, (cut ? '\n' : '') + JSON.stringify({ v: OFFSITE_HISTORY_VERSION, ...r }) + '\n', { mode: 0o600 });
}

async function endsInsideLine(file: string): Promise<boolean> {
  const fh = await open(file, 'r').catch(() => null);
  if (!fh) return false;
  try {
    const size = (await fh.stat()).size;
    if (size === 0) return false;
    const last = Buffer.alloc(1);
    await fh.read(last, 0, 1, size - 1);
    return last[0] !== 0x0a;
  } finally {
    await fh.close();
  }
}

/** One line of the history as a record, or null (cut short, damaged, or of a later format). */
export function parseHistoryLine(line: string): OffsiteCopyRecord | null {
  try {
    const json = JSON.parse(line) as { v?: unknown };
    if (json === null || typeof json !== 'object' || (json.v !== undefined && json.v !== 1)) return null;
    const parsed = OffsiteCopyRecord.safeParse(json);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The whole lines in the last bytes of the file: at most `maxBytes`, fewer once `lines` lines are found. */
async function tailLines(file: string, lines: number, maxBytes: number): Promise<string[]> {
  const fh = await open(file, 'r');
  try {
    const size = (await fh.stat()).size;
    const chunks: Buffer[] = [];
    let from = size;
    let newlines = 0;
    while (from > 0 && size - from < maxBytes && newlines <= lines) {
      const len = Math.min(CHUNK, from, maxBytes - (size - from));
      from -= len;
      const buf = Buffer.alloc(len);
      await fh.read(buf, 0, len, from);
      chunks.unshift(buf);
      for (const b of buf) if (b === 0x0a) newlines++;
    }
    const text = Buffer.concat(chunks).toString('utf8').split('\n');
    // The first piece is cut short unless the file's start was reached.
    return from > 0 ? text.slice(1) : text;
  } finally {
    await fh.close();
  }
}

/** The last `max` records, oldest first (read from the file's end, at most ~4 KiB per record asked for). */
export async function readOffsiteHistory(configDir: string, max = 50): Promise<OffsiteCopyRecord[]> {
  let lines: string[];
  try {
    lines = await tailLines(join(configDir, OFFSITE_HISTORY), max + 1, Math.max(CHUNK, max * BYTES_PER_RECORD));
  } catch {
    return [];
  }
  const out: OffsiteCopyRecord[] = [];
  for (const line of lines) {
    const r = line.trim() ? parseHistoryLine(line) : null;
    if (r) out.push(r);
  }
  return out.slice(-max);
}
