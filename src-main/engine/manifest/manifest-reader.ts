import { readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { openOwnFile } from '../fs/no-follow.js';
import { MANIFEST_FORMAT, parseManifest, type ManifestEntry, type ManifestHead } from './manifest.js';
import { manifestShapeProblems, manifestEntryProblems } from './manifest-shape.js';

// MANIFEST.json read without holding its entries: the writer puts one entry on a line
// (manifest.ts), so the head is parsed alone and the entries are taken a line at a time, as
// often as a reader needs them. A manifest laid out otherwise (valid JSON written by hand or by
// another tool) is parsed whole, as before.

const CHUNK = 1024 * 1024;
const ENTRIES_OPEN = '  "entries": [';
const ENTRIES_EMPTY = '  "entries": []';

interface Line {
  text: string;
  /** Byte offset of the line's first byte in the file. */
  at: number;
}

/** The file's lines from byte `from` on (without their '\n'), read in 1 MiB blocks. */
function* linesOf(fd: number, from: number): Generator<Line> {
  const buf = Buffer.allocUnsafe(CHUNK);
  let carry: Buffer[] = [];
  let pos = from;
  let lineAt = from;
  for (;;) {
    const n = readSync(fd, buf, 0, CHUNK, pos);
    if (n === 0) break;
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(10, start);
      if (nl === -1 || nl >= n) break;
      const part = buf.subarray(start, nl);
      const text = (carry.length ? Buffer.concat([...carry, part]) : part).toString('utf8');
      carry = [];
      yield { text, at: lineAt };
      lineAt = pos + nl + 1;
      start = nl + 1;
    }
    if (start < n) carry.push(Buffer.from(buf.subarray(start, n)));
    pos += n;
  }
  if (carry.length) yield { text: Buffer.concat(carry).toString('utf8'), at: lineAt };
}

/** An entry line's JSON (`    {…}` with a comma after every entry but the last), or null. */
function entryOf(text: string, last: boolean): unknown {
  if (!text.startsWith('    {')) return null;
  const body = last ? text : text.endsWith(',') ? text.slice(0, -1) : null;
  if (body === null) return null;
  try {
    return JSON.parse(body);
  } catch {
    return null;
  }
}

const damaged = (where: string, problems: string[]) => new Error(`${where} is damaged (${problems.join('; ')}); the backup cannot be checked without it.`);

export class ManifestReader {
  private constructor(
    private readonly handle: FileHandle,
    private readonly where: string,
    readonly head: ManifestHead,
    /** Byte offset of the first entry line; null when the manifest was parsed whole (`whole`). */
    private readonly entriesAt: number | null,
    private readonly whole: ManifestEntry[] | null,
    /** How many entries it lists. */
    readonly count: number,
    /** Every entry has an offset, each greater than the one before (what this HotBackup writes). */
    readonly ascending: boolean,
  ) {}

  /**
   * Open and check MANIFEST.json: its head, and every entry's shape, one line at a time. Throws
   * as `parseManifest` does for a damaged or too new manifest; ENOENT passes through.
   */
  static async open(file: string, where: string): Promise<ManifestReader> {
    const h = await openOwnFile(file);
    try {
      return ManifestReader.check(h, where) ?? ManifestReader.parsedWhole(h, parseManifest(await h.readFile('utf8'), where), where);
    } catch (err) {
      await h.close();
      throw err;
    }
  }

  private static parsedWhole(h: FileHandle, m: ReturnType<typeof parseManifest>, where: string): ManifestReader {
    const { entries, ...head } = m;
    let ascending = true;
    for (let i = 0; i < entries.length && ascending; i++) {
      const o = entries[i]?.offset;
      ascending = typeof o === 'number' && (i === 0 || o > (entries[i - 1]?.offset as number));
    }
    return new ManifestReader(h, where, head, null, entries, entries.length, ascending);
  }

  /** The line-by-line reading, or null when the file is not laid out one entry a line. */
  private static check(h: FileHandle, where: string): ManifestReader | null {
    // Read in several loops: `break` must not close the generator.
    const gen = linesOf(h.fd, 0);
    const lines: Iterable<Line> = { [Symbol.iterator]: () => ({ next: () => gen.next() }) };
    const headLines: string[] = [];
    let headChars = 0;
    let open: Line | null = null;
    for (const l of lines) {
      if (l.text === ENTRIES_OPEN || l.text === ENTRIES_EMPTY) {
        open = l;
        break;
      }
      headLines.push(l.text);
      headChars += l.text.length;
      if (headChars > 256 * 1024 * 1024) return null;
    }
    if (!open) return null;
    let head: unknown;
    try {
      head = JSON.parse(`${headLines.join('\n')}\n  "entries": []\n}`);
    } catch {
      return null;
    }
    const o = head as Partial<ManifestHead> & { entries?: unknown };
    if (typeof o !== 'object' || o === null || !Array.isArray(o.volumes) || typeof o.settings !== 'object' || o.settings === null) {
      throw new Error(`${where} lacks its volumes, entries or settings; the backup cannot be checked without them.`);
    }
    const problems = manifestShapeProblems(head) ?? [];
    // The entries: shape checked one by one, the layout to its closing lines.
    let count = 0;
    let ascending = true;
    let lastOffset = -1;
    let entriesAt: number | null = null;
    let prev: Line | null = null;
    const take = (text: string, last: boolean): boolean => {
      const e = entryOf(text, last);
      if (e === null) return false;
      if (problems.length < 3) problems.push(...manifestEntryProblems(e, count).slice(0, 3 - problems.length));
      const off = (e as { offset?: unknown }).offset;
      ascending &&= typeof off === 'number' && off > lastOffset;
      if (typeof off === 'number') lastOffset = off;
      count++;
      return true;
    };
    const tail: string[] = [];
    if (open.text === ENTRIES_EMPTY) {
      for (const l of lines) tail.push(l.text);
    } else {
      for (const l of lines) {
        if (l.text === '  ]') {
          if (!prev || !take(prev.text, true)) return null;
          for (const t of lines) tail.push(t.text);
          break;
        }
        if (prev && !take(prev.text, false)) return null;
        entriesAt ??= l.at;
        prev = l;
      }
      if (tail.length === 0 || tail[0] !== '}' || tail.slice(1).some((t) => t !== '')) return null;
    }
    if (problems.length) throw damaged(where, problems);
    if (typeof o.format === 'number' && o.format > MANIFEST_FORMAT) {
      throw new Error(`${where} has format ${o.format}, newer than this HotBackup reads (${MANIFEST_FORMAT}): update HotBackup, or restore it with its RESTORE.sh.`);
    }
    delete o.entries;
    return new ManifestReader(h, where, o as ManifestHead, entriesAt, null, count, ascending);
  }

  /** Every entry, in the manifest's order, read again from the file (already checked by `open`). */
  *entries(): Generator<ManifestEntry> {
    if (this.whole) {
      yield* this.whole;
      return;
    }
    if (this.entriesAt === null) return;
    let i = 0;
    for (const l of linesOf(this.handle.fd, this.entriesAt)) {
      if (i === this.count) return;
      const e = entryOf(l.text, i === this.count - 1);
      if (e === null) throw damaged(this.where, [`entries.${i} changed while it was read`]);
      i++;
      yield e as ManifestEntry;
    }
  }

  /** Read a line at a time (false: parsed whole, laid out otherwise). */
  get lineByLine(): boolean {
    return this.whole === null;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/**
 * MANIFEST.json's head alone (everything but the entries, loosely: not checked), read up to the
 * entry list; null when the file is laid out otherwise. Listing backups never reads the entries.
 */
export async function readManifestHead(file: string): Promise<Record<string, unknown> | null> {
  const h = await openOwnFile(file);
  try {
    const head: string[] = [];
    for (const l of linesOf(h.fd, 0)) {
      if (l.text === ENTRIES_OPEN || l.text === ENTRIES_EMPTY) {
        const value: unknown = JSON.parse(`${head.join('\n')}\n  "entries": []\n}`);
        return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
      }
      head.push(l.text);
      if (head.length > 1_000_000) return null;
    }
    return null;
  } catch {
    return null;
  } finally {
    await h.close();
  }
}
