import { BLOCK, type TarEntryFields } from './tar-header.js';

// A streaming tar reader that keeps names as raw bytes (see tar-header.ts for why not node-tar).
// Reads ustar, pax `x`/`g` headers, GNU long names (`L`/`K`) and GNU pax sparse format 1.0.

export interface ParsedEntry extends TarEntryFields {
  /** Tar offset of the entry's first header block (its pax header when it has one). */
  offset: number;
  /** Tar type flag: '0' file, '1' hard link, '2' symbolic link, '5' folder, … */
  type: string;
  /** Logical size (a sparse file's real size). */
  size: number;
  linkpath: Buffer;
  /** Sparse files: [offset, length] of each data segment. */
  sparse: [number, number][] | null;
}

export interface TarSink {
  entry(e: ParsedEntry): void;
  /** Content bytes at logical offset `at` (consecutive, except across a sparse file's holes). */
  data(e: ParsedEntry, chunk: Buffer, at: number): void;
  end(e: ParsedEntry): void;
}

export class TarFormatError extends Error {}

const trimNul = (b: Buffer) => {
  const i = b.indexOf(0);
  return i < 0 ? b : b.subarray(0, i);
};

function num(b: Buffer): number {
  if (b[0] !== undefined && b[0] & 0x80) {
    let v = b[0] & 0x7f;
    for (let i = 1; i < b.length; i++) v = v * 256 + (b[i] as number);
    return v;
  }
  const s = trimNul(b).toString('latin1').trim();
  return s === '' ? 0 : parseInt(s, 8);
}

/**
 * The number in header bytes [from, to): read straight from the bytes when it starts with an octal
 * digit (what `parseInt` of the field's text gives: the leading digits), else as `num` reads it.
 * One header per file: the common case costs no buffer and no string.
 */
function numAt(b: Buffer, from: number, to: number): number {
  let c = b[from] as number;
  if (c < 0x30 || c > 0x37) return num(b.subarray(from, to));
  let v = 0;
  for (let i = from; i < to; i++) {
    c = b[i] as number;
    if (c < 0x30 || c > 0x37) break;
    v = v * 8 + (c - 0x30);
  }
  return v;
}

function checksumOk(block: Buffer): boolean {
  let sum = 8 * 0x20;
  for (let i = 0; i < 148; i++) sum += block[i] as number;
  for (let i = 156; i < BLOCK; i++) sum += block[i] as number;
  return sum === numAt(block, 148, 156);
}

/** Pax records as raw byte values. */
function parsePax(body: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (let at = 0; at < body.length; ) {
    const sp = body.indexOf(0x20, at);
    if (sp < 0) break;
    const len = parseInt(body.subarray(at, sp).toString('latin1'), 10);
    if (!(len > 0) || at + len > body.length) throw new TarFormatError('a pax extended header record is malformed');
    const rec = body.subarray(sp + 1, at + len - 1);
    const eq = rec.indexOf(0x3d);
    if (eq > 0) out.set(rec.subarray(0, eq).toString('latin1'), Buffer.from(rec.subarray(eq + 1)));
    at += len;
  }
  return out;
}

type State = 'header' | 'ext' | 'sparsemap' | 'data' | 'pad' | 'ended';

export class TarParser {
  private state: State = 'header';
  private block = Buffer.alloc(BLOCK);
  private blockFill = 0;
  private ext: { type: string; size: number; parts: Buffer[]; got: number } | null = null;
  private pax: Map<string, Buffer> | null = null;
  private longName: Buffer | null = null;
  private longLink: Buffer | null = null;
  private entryStart = -1;
  private current: ParsedEntry | null = null;
  private remaining = 0;
  private padLeft = 0;
  private mapText: Buffer[] = [];
  private segment = 0;
  private segmentDone = 0;
  private zeroBlocks = 0;
  /** Tar offset of the next byte fed. */
  pos: number;

  constructor(
    private readonly sink: TarSink,
    startOffset = 0,
  ) {
    this.pos = startOffset;
  }

  get ended(): boolean {
    return this.state === 'ended';
  }

  /** The entry whose header or content is being read (null between entries). */
  get inside(): ParsedEntry | null {
    return this.current;
  }

  /** True between entries, with no extended header pending. */
  get atBoundary(): boolean {
    return this.state === 'header' && this.blockFill === 0 && this.entryStart < 0;
  }

  write(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.state === 'ended') {
        this.pos += chunk.length - at;
        return;
      }
      if (this.state === 'data') {
        const n = Math.min(this.remaining, chunk.length - at);
        if (n > 0) this.emitData(chunk.subarray(at, at + n));
        at += n;
        this.pos += n;
        this.remaining -= n;
        if (this.remaining === 0) this.finishData();
        continue;
      }
      if (this.state === 'pad') {
        const n = Math.min(this.padLeft, chunk.length - at);
        at += n;
        this.pos += n;
        this.padLeft -= n;
        if (this.padLeft === 0) this.afterPad();
        continue;
      }
      if (this.state === 'ext') {
        const ext = this.ext as NonNullable<TarParser['ext']>;
        const n = Math.min(ext.size - ext.got, chunk.length - at);
        ext.parts.push(Buffer.from(chunk.subarray(at, at + n)));
        ext.got += n;
        at += n;
        this.pos += n;
        if (ext.got === ext.size) this.finishExt();
        continue;
      }
      // header or sparse map: whole blocks
      if (this.blockFill === 0 && this.state === 'header' && this.entryStart < 0) this.entryStart = this.pos;
      const n = Math.min(BLOCK - this.blockFill, chunk.length - at);
      chunk.copy(this.block, this.blockFill, at, at + n);
      this.blockFill += n;
      at += n;
      this.pos += n;
      if (this.blockFill === BLOCK) {
        this.blockFill = 0;
        if (this.state === 'header') this.headerBlock(this.block);
        else this.mapBlock(this.block);
      }
    }
  }

  private headerBlock(b: Buffer): void {
    if (b.every((c) => c === 0)) {
      this.entryStart = -1;
      if (++this.zeroBlocks === 2) this.state = 'ended';
      return;
    }
    this.zeroBlocks = 0;
    if (!checksumOk(b)) throw new TarFormatError(`a tar header at byte ${this.pos - BLOCK} has a bad checksum (the archive is damaged there)`);
    const type = String.fromCharCode(b[156] || 0x30);
    const size = numAt(b, 124, 136);
    if (type === 'x' || type === 'g' || type === 'L' || type === 'K') {
      this.ext = { type, size, parts: [], got: 0 };
      this.state = size === 0 ? 'header' : 'ext';
      if (size === 0) this.finishExt();
      return;
    }
    const pax = this.pax ?? new Map<string, Buffer>();
    const prefix = trimNul(b.subarray(345, 500));
    const name = trimNul(b.subarray(0, 100));
    const ustarPath = b.subarray(257, 262).toString('latin1') === 'ustar' && prefix.length ? Buffer.concat([prefix, Buffer.from('/'), name]) : name;
    // Copies: `b` is reused for the next block.
    let path = pax.get('GNU.sparse.name') ?? pax.get('path') ?? this.longName ?? Buffer.from(ustarPath);
    if (path.length > 1 && path[path.length - 1] === 0x2f) path = path.subarray(0, path.length - 1);
    const paxNum = (k: string, dflt: number) => (pax.has(k) ? Number((pax.get(k) as Buffer).toString('latin1')) : dflt);
    const stored = paxNum('size', size);
    const sparse = pax.get('GNU.sparse.major')?.toString('latin1') === '1';
    const e: ParsedEntry = {
      offset: this.entryStart,
      path,
      type: type === '\0' || type === '7' ? '0' : type,
      size: sparse ? paxNum('GNU.sparse.realsize', stored) : stored,
      stored,
      mode: numAt(b, 100, 108),
      mtime: Math.floor(paxNum('mtime', numAt(b, 136, 148))),
      uid: paxNum('uid', numAt(b, 108, 116)),
      gid: paxNum('gid', numAt(b, 116, 124)),
      uname: (pax.get('uname') ?? trimNul(b.subarray(265, 297))).toString('utf8'),
      gname: (pax.get('gname') ?? trimNul(b.subarray(297, 329))).toString('utf8'),
      linkpath: pax.get('linkpath') ?? this.longLink ?? Buffer.from(trimNul(b.subarray(157, 257))),
      sparse: sparse ? [] : null,
    };
    this.pax = null;
    this.longName = null;
    this.longLink = null;
    this.entryStart = -1;
    this.current = e;
    const hasData = e.type === '0' || e.type === '7';
    this.remaining = hasData ? stored : 0;
    this.padLeft = hasData ? (BLOCK - (stored % BLOCK)) % BLOCK : 0;
    this.sink.entry(e);
    if (sparse && this.remaining > 0) {
      this.state = 'sparsemap';
      this.mapText = [];
    } else if (this.remaining > 0) this.state = 'data';
    else this.finishData();
  }

  private finishExt(): void {
    const ext = this.ext as NonNullable<TarParser['ext']>;
    const body = Buffer.concat(ext.parts);
    this.ext = null;
    if (ext.type === 'x') this.pax = parsePax(body);
    else if (ext.type === 'L') this.longName = trimNul(body);
    else if (ext.type === 'K') this.longLink = trimNul(body);
    this.padLeft = (BLOCK - (ext.size % BLOCK)) % BLOCK;
    this.state = this.padLeft ? 'pad' : 'header';
  }

  private mapBlock(b: Buffer): void {
    const e = this.current as ParsedEntry;
    this.remaining -= BLOCK;
    this.mapText.push(Buffer.from(b));
    const nums = Buffer.concat(this.mapText).toString('latin1').split('\n');
    const count = Number(nums[0]);
    if (!Number.isInteger(count) || count < 0) throw new TarFormatError(`the sparse map of "${e.path.toString()}" is malformed`);
    if (nums.length - 1 < 1 + 2 * count) {
      if (this.remaining <= 0) throw new TarFormatError(`the sparse map of "${e.path.toString()}" is cut off`);
      return;
    }
    const map: [number, number][] = [];
    for (let i = 0; i < count; i++) map.push([Number(nums[1 + 2 * i]), Number(nums[2 + 2 * i])]);
    e.sparse = map;
    this.segment = 0;
    this.segmentDone = 0;
    this.state = this.remaining > 0 ? 'data' : 'header';
    if (this.remaining <= 0) this.finishData();
  }

  private emitData(chunk: Buffer): void {
    const e = this.current as ParsedEntry;
    if (!e.sparse) {
      this.sink.data(e, chunk, e.stored - this.remaining);
      return;
    }
    let at = 0;
    while (at < chunk.length) {
      const seg = e.sparse[this.segment];
      if (!seg) throw new TarFormatError(`"${e.path.toString()}" holds more data than its sparse map says`);
      const n = Math.min(seg[1] - this.segmentDone, chunk.length - at);
      if (n > 0) this.sink.data(e, chunk.subarray(at, at + n), seg[0] + this.segmentDone);
      at += n;
      this.segmentDone += n;
      if (this.segmentDone === seg[1]) {
        this.segment++;
        this.segmentDone = 0;
      }
    }
  }

  private finishData(): void {
    if (this.padLeft > 0) this.state = 'pad';
    else this.afterPad();
  }

  private afterPad(): void {
    const e = this.current;
    this.state = 'header';
    if (e) {
      this.current = null;
      this.sink.end(e);
    }
  }
}
