import { readSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { openOwnFile } from '../../base/no-follow.js';
import { MANIFEST_FORMAT, parseManifest, type ManifestEntry, type ManifestHead } from './manifest.js';
import { manifestShapeProblems, manifestEntryProblems } from './manifest-shape.js';
import type { Pacer } from '../plan/glob-match.js';
import { MAX_LINE, MAX_WHOLE_BYTES, refuseUnordered, refuseWhole } from './manifest-bounds.js';

// MANIFEST.json read without holding its entries: the writer puts one entry on a line
// (manifest.ts), so the head is parsed alone and the entries are taken a line at a time, as
// often as a reader needs them. A manifest laid out otherwise (valid JSON written by hand or by
// another tool) is parsed whole when small, else refused, like one with very many entries out of
// tar order (manifest-bounds.ts): a crafted backup folder cannot hold the Director's thread.
// With a Pacer (the Director's restore and browse paths) the checking pass gives the event loop a
// turn every few milliseconds of lines; `keep` holds the entries parsed in that same pass, and
// `hash` sees exactly the bytes parsed, so a signature vouches for what is used. Only a small
// manifest laid out otherwise (never what HotBackup writes) is still parsed in one piece.

const CHUNK = 1024 * 1024;
/** Thrown inside linesOf for a line longer than MAX_LINE. */
class LineTooLong extends Error {}
const ENTRIES_OPEN = '  "entries": [';
const ENTRIES_EMPTY = '  "entries": []';

interface Line {
  text: string;
  /** Byte offset of the line's first byte in the file. */
  at: number;
}

/** The file's lines from byte `from` on (without their '\n'), read in 1 MiB blocks. */
function* linesOf(fd: number, from: number, onBytes?: (b: Buffer) => void): Generator<Line> {
  const buf = Buffer.allocUnsafe(CHUNK);
  let carry: Buffer[] = [];
  let carried = 0;
  let pos = from;
  let lineAt = from;
  for (;;) {
    const n = readSync(fd, buf, 0, CHUNK, pos);
    if (n === 0) break;
    onBytes?.(buf.subarray(0, n));
    let start = 0;
    for (;;) {
      const nl = buf.indexOf(10, start);
      if (nl === -1 || nl >= n) break;
      const part = buf.subarray(start, nl);
      const text = (carry.length ? Buffer.concat([...carry, part]) : part).toString('utf8');
      carry = [];
      carried = 0;
      yield { text, at: lineAt };
      lineAt = pos + nl + 1;
      start = nl + 1;
    }
    if (start < n) {
      carry.push(Buffer.from(buf.subarray(start, n)));
      carried += n - start;
      if (carried > MAX_LINE) throw new LineTooLong();
    }
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

/** How reading is paced and what it keeps (the Director's request paths: never one long blocking piece). */
export interface ReadOptions {
  /** The event loop gets a turn every few milliseconds of work (lines parsed). */
  pacer?: Pacer;
  /** Keep the entries parsed while checking (the bytes parsed are the bytes hashed: no second read). */
  keep?: boolean;
  /** Fed every byte of the file as it is read (a signature check over exactly what was parsed). */
  hash?: () => { update(b: Uint8Array): unknown };
  /** Entries read so far, now and then. */
  onEntries?(count: number): void;
  /** Shown each entry of the checking pass, in order (a restore notes offsets and links there, not a second parse). */
  visit?(e: ManifestEntry, index: number): void;
}

/** Work counted per manifest line (a few microseconds each). */
const LINE_WORK = 64;

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
    /** Every entry has an offset (format 2; format 1 has none and is found by name). */
    readonly hasOffsets: boolean = false,
  ) {}

  /**
   * Open and check MANIFEST.json: its head, and every entry's shape, one line at a time. Throws
   * as `parseManifest` does for a damaged or too new manifest; ENOENT passes through.
   */
  static async open(file: string, where: string, opts: ReadOptions = {}): Promise<ManifestReader> {
    const h = await openOwnFile(file);
    try {
      const lined = await ManifestReader.check(h, where, opts).catch((err: unknown) => {
        if (err instanceof LineTooLong) return null;
        throw err;
      });
      if (lined) return lined;
      // Laid out otherwise (written by hand or another tool): parsed whole, hashed afresh; only
      // when small enough to parse in one short piece.
      const size = (await h.stat()).size;
      if (size > MAX_WHOLE_BYTES) throw refuseWhole(where, size);
      const bytes = await h.readFile();
      const hash = opts.hash?.();
      hash?.update(bytes);
      const r = ManifestReader.parsedWhole(h, parseManifest(bytes.toString('utf8'), where), where);
      r.hashed = hash ?? null;
      refuseUnordered(r, where);
      return r;
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
    return new ManifestReader(h, where, head, null, entries, entries.length, ascending, entries.every((e) => typeof e.offset === 'number'));
  }

  /** The hash fed by `ReadOptions.hash`, over every byte read. */
  hashed: { update(b: Uint8Array): unknown } | null = null;

  /** The line-by-line reading, or null when the file is not laid out one entry a line. */
  private static async check(h: FileHandle, where: string, opts: ReadOptions): Promise<ManifestReader | null> {
    const hash = opts.hash?.() ?? null;
    const kept: ManifestEntry[] | null = opts.keep ? [] : null;
    let count = 0;
    const pace = async () => {
      const wait = opts.pacer?.add(LINE_WORK);
      if (wait) {
        opts.onEntries?.(count);
        await wait;
      }
    };
    // Read in several loops: `break` must not close the generator.
    const gen = linesOf(h.fd, 0, hash ? (b) => hash.update(b) : undefined);
    const lines: Iterable<Line> = { [Symbol.iterator]: () => ({ next: () => gen.next() }) };
    const headLines: string[] = [];
    let headChars = 0;
    let open: Line | null = null;
    for (const l of lines) {
      if (l.text === ENTRIES_OPEN || l.text === ENTRIES_EMPTY) {
        open = l;
        break;
      }
      await pace();
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
    let ascending = true;
    let hasOffsets = true;
    let lastOffset = -1;
    let entriesAt: number | null = null;
    let prev: Line | null = null;
    const take = (text: string, last: boolean): boolean => {
      const e = entryOf(text, last);
      if (e === null) return false;
      if (problems.length < 3) problems.push(...manifestEntryProblems(e, count).slice(0, 3 - problems.length));
      const off = (e as { offset?: unknown }).offset;
      ascending &&= typeof off === 'number' && off > lastOffset;
      hasOffsets &&= typeof off === 'number';
      if (typeof off === 'number') lastOffset = off;
      kept?.push(e as ManifestEntry);
      opts.visit?.(e as ManifestEntry, count);
      count++;
      return true;
    };
    const tail: string[] = [];
    if (open.text === ENTRIES_EMPTY) {
      for (const l of lines) tail.push(l.text);
    } else {
      for (const l of lines) {
        await pace();
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
    const r = kept ? new ManifestReader(h, where, o as ManifestHead, null, kept, count, ascending, hasOffsets) : new ManifestReader(h, where, o as ManifestHead, entriesAt, null, count, ascending, hasOffsets);
    r.hashed = hash;
    refuseUnordered(r, where);
    return r;
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

  /**
   * The entries `want` picks, in order, with their index; the lines of the others are not parsed
   * (a restore of a few paths out of a million walks the file without a million JSON parses).
   */
  *picked(want: (index: number) => boolean): Generator<{ i: number; e: ManifestEntry }> {
    if (this.whole) {
      for (const [i, e] of this.whole.entries()) if (want(i)) yield { i, e };
      return;
    }
    if (this.entriesAt === null) return;
    let i = 0;
    for (const l of linesOf(this.handle.fd, this.entriesAt)) {
      if (i === this.count) return;
      if (want(i)) {
        const e = entryOf(l.text, i === this.count - 1);
        if (e === null) throw damaged(this.where, [`entries.${i} changed while it was read`]);
        yield { i, e: e as ManifestEntry };
      }
      i++;
    }
  }

  /** The entries held in memory (`keep`, or parsed whole). */
  kept(): ManifestEntry[] {
    return this.whole ?? [...this.entries()];
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
