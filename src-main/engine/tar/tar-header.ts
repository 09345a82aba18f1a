// Tar headers written and read by hand (not node-tar): names are raw bytes, and node-tar decodes
// them as UTF-8 (an invalid name comes back altered). Format: POSIX pax (ustar blocks, `x` extended
// headers, `hdrcharset=BINARY` when a value is not UTF-8), GNU sparse 1.0, hard links as type `1`.

export const BLOCK = 512;
/** Two zero blocks end a tar archive. */
export const END_OF_ARCHIVE = Buffer.alloc(2 * BLOCK);

export type TarType = '0' | '1' | '2' | '5';

/** The fields every header carries, written (TarHeader) and read back (tar-parse.ts's ParsedEntry). */
export interface TarEntryFields {
  /** Raw bytes; written: a folder's path without the trailing '/' (added here). */
  path: Buffer;
  /** Bytes that follow the header (for a sparse file: its map and data). */
  stored: number;
  mode: number;
  /** Seconds since 1970. */
  mtime: number;
  uid: number;
  gid: number;
  uname: string;
  gname: string;
}

export interface TarHeader extends TarEntryFields {
  type: TarType;
  /** Symbolic and hard links. */
  linkpath?: Buffer;
  /** Sparse files (GNU pax format 1.0): the logical size. */
  sparseSize?: number;
}

const isUtf8 = (b: Buffer) => Buffer.from(b.toString('utf8'), 'utf8').equals(b);
function isPlainAscii(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) {
    const c = b[i] as number;
    if (c < 0x20 || c >= 0x7f) return false;
  }
  return true;
}
const MAX_OCTAL_11 = 0o77777777777;
const MAX_OCTAL_7 = 0o7777777;
const EMPTY = Buffer.alloc(0);
const SLASH = Buffer.from('/');

function paxRecord(key: string, value: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(` ${key}=`), value, Buffer.from('\n')]);
  let len = body.length + 1;
  while (String(len).length + body.length !== len) len = String(len).length + body.length;
  return Buffer.concat([Buffer.from(String(len)), body]);
}

/** `width - 1` octal digits, zero-padded, then NUL (values are capped to fit by the callers). */
function octal(block: Buffer, at: number, width: number, value: number): void {
  let v = value;
  for (let i = at + width - 2; i >= at; i--) {
    block[i] = 0x30 + (v % 8);
    v = Math.floor(v / 8);
  }
  block[at + width - 1] = 0;
}

function field(block: Buffer, at: number, width: number, value: Buffer): void {
  value.copy(block, at, 0, Math.min(width, value.length));
}

/** An ASCII stand-in for a name kept in full in the pax header (old readers show this one). */
const asciiStandIn = (b: Buffer, max: number) => Buffer.from(Array.from(b.subarray(Math.max(0, b.length - max)), (c) => (c >= 0x20 && c < 0x7f ? c : 0x5f)));

/** An owner name's UTF-8 bytes and whether ustar can hold it; owners are few, so kept (at most 256). */
interface OwnerField {
  bytes: Buffer;
  /** ASCII: ustar holds its first 31 characters. */
  ascii: boolean;
  /** ASCII and short enough: no pax record needed. */
  plain: boolean;
}
const ownerFields = new Map<string, OwnerField>();
function ownerField(name: string): OwnerField {
  let f = ownerFields.get(name);
  if (!f) {
    const bytes = Buffer.from(name, 'utf8');
    const ascii = isPlainAscii(bytes);
    f = { bytes, ascii, plain: ascii && bytes.length <= 31 };
    if (ownerFields.size >= 256) ownerFields.clear();
    ownerFields.set(name, f);
  }
  return f;
}

// Written byte by byte: a run of many small files builds one of these per entry.
function ustarBlock(h: { name: Buffer; type: string; size: number; mode: number; mtime: number; uid: number; gid: number; uname: string; gname: string; linkname: Buffer }): Buffer {
  const b = Buffer.allocUnsafe(BLOCK).fill(0);
  field(b, 0, 100, h.name);
  octal(b, 100, 8, h.mode & 0o7777);
  octal(b, 108, 8, h.uid <= MAX_OCTAL_7 ? h.uid : 0);
  octal(b, 116, 8, h.gid <= MAX_OCTAL_7 ? h.gid : 0);
  octal(b, 124, 12, h.size <= MAX_OCTAL_11 ? h.size : 0);
  octal(b, 136, 12, Math.min(Math.max(0, h.mtime), MAX_OCTAL_11));
  b[156] = h.type.charCodeAt(0);
  field(b, 157, 100, h.linkname);
  b.write('ustar\u000000', 257, 8, 'latin1');
  if (h.uname) b.write(h.uname, 265, 32, 'latin1');
  if (h.gname) b.write(h.gname, 297, 32, 'latin1');
  b.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += b[i] as number;
  octal(b, 148, 7, sum);
  b[155] = 0x20;
  return b;
}

/** The sparse map that starts a GNU 1.0 sparse file's data: count, then offset/length pairs, padded to a block. */
export function encodeSparseMap(map: readonly (readonly [number, number])[]): Buffer {
  const text = [String(map.length), ...map.flatMap(([o, l]) => [String(o), String(l)])].join('\n') + '\n';
  const raw = Buffer.from(text, 'latin1');
  return Buffer.concat([raw, Buffer.alloc((BLOCK - (raw.length % BLOCK)) % BLOCK)]);
}

/** The header block(s) of one entry: a pax extended header when a value does not fit ustar, then the ustar block. */
export function encodeHeader(h: TarHeader): Buffer {
  const path = h.type === '5' ? Buffer.concat([h.path, SLASH]) : h.path;
  const link = h.linkpath ?? EMPTY;
  const records: Buffer[] = [];
  let name = path;
  if (h.sparseSize !== undefined) {
    records.push(paxRecord('GNU.sparse.major', Buffer.from('1')), paxRecord('GNU.sparse.minor', Buffer.from('0')));
    records.push(paxRecord('GNU.sparse.name', path), paxRecord('GNU.sparse.realsize', Buffer.from(String(h.sparseSize))));
    const slash = path.lastIndexOf(0x2f);
    name = Buffer.concat([slash >= 0 ? path.subarray(0, slash + 1) : Buffer.alloc(0), Buffer.from('GNUSparseFile.0/'), path.subarray(slash + 1)]);
  }
  const nameFits = name.length <= 100 && isPlainAscii(name);
  if (!nameFits) records.push(paxRecord('path', name));
  if (link.length > 100 || !isPlainAscii(link)) records.push(paxRecord('linkpath', link));
  if (h.stored > MAX_OCTAL_11) records.push(paxRecord('size', Buffer.from(String(h.stored))));
  if (h.uid > MAX_OCTAL_7) records.push(paxRecord('uid', Buffer.from(String(h.uid))));
  if (h.gid > MAX_OCTAL_7) records.push(paxRecord('gid', Buffer.from(String(h.gid))));
  // Before 1970 or after 2242-03-16: the ustar field holds the nearest end, the pax record the time.
  if (h.mtime < 0 || h.mtime > MAX_OCTAL_11) records.push(paxRecord('mtime', Buffer.from(String(h.mtime))));
  const uname = ownerField(h.uname);
  const gname = ownerField(h.gname);
  if (!uname.plain) records.push(paxRecord('uname', uname.bytes));
  if (!gname.plain) records.push(paxRecord('gname', gname.bytes));
  const ustar = ustarBlock({
    name: nameFits ? name : asciiStandIn(name, 99), type: h.type, size: h.stored, mode: h.mode, mtime: h.mtime, uid: h.uid, gid: h.gid,
    uname: uname.ascii ? h.uname.slice(0, 31) : '', gname: gname.ascii ? h.gname.slice(0, 31) : '',
    linkname: link.length <= 100 && isPlainAscii(link) ? link : asciiStandIn(link, 99),
  });
  if (records.length === 0) return ustar;
  // POSIX: values are UTF-8 unless hdrcharset says otherwise; raw bytes that are not UTF-8 say BINARY.
  if (!isUtf8(path) || !isUtf8(link)) records.unshift(paxRecord('hdrcharset', Buffer.from('BINARY')));
  const body = Buffer.concat(records);
  const paxName = Buffer.concat([Buffer.from('PaxHeaders/'), asciiStandIn(path, 80)]);
  const paxBlock = ustarBlock({ name: paxName, type: 'x', size: body.length, mode: 0o644, mtime: h.mtime, uid: h.uid, gid: h.gid, uname: '', gname: '', linkname: EMPTY });
  return Buffer.concat([paxBlock, body, Buffer.alloc((BLOCK - (body.length % BLOCK)) % BLOCK), ustar]);
}

/** Zero bytes that pad `size` bytes of content up to a whole block. */
export function paddingFor(size: number): Buffer {
  const rest = size % BLOCK;
  return rest === 0 ? Buffer.alloc(0) : Buffer.alloc(BLOCK - rest);
}
