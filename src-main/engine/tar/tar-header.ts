// Tar headers written and read by hand (not node-tar): names are raw bytes, and node-tar decodes
// them as UTF-8 (an invalid name comes back altered). Format: POSIX pax (ustar blocks, `x` extended
// headers, `hdrcharset=BINARY` when a value is not UTF-8), GNU sparse 1.0, hard links as type `1`.

export const BLOCK = 512;
/** Two zero blocks end a tar archive. */
export const END_OF_ARCHIVE = Buffer.alloc(2 * BLOCK);

export type TarType = '0' | '1' | '2' | '5';

export interface TarHeader {
  /** Raw bytes; a folder's path without the trailing '/' (added here). */
  path: Buffer;
  type: TarType;
  /** Bytes that follow the header (for a sparse file: its map and data). */
  stored: number;
  mode: number;
  /** Seconds since 1970. */
  mtime: number;
  uid: number;
  gid: number;
  uname: string;
  gname: string;
  /** Symbolic and hard links. */
  linkpath?: Buffer;
  /** Sparse files (GNU pax format 1.0): the logical size. */
  sparseSize?: number;
}

const isUtf8 = (b: Buffer) => Buffer.from(b.toString('utf8'), 'utf8').equals(b);
const isPlainAscii = (b: Buffer) => b.every((c) => c >= 0x20 && c < 0x7f);
const MAX_OCTAL_11 = 0o77777777777;
const MAX_OCTAL_7 = 0o7777777;

function paxRecord(key: string, value: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(` ${key}=`), value, Buffer.from('\n')]);
  let len = body.length + 1;
  while (String(len).length + body.length !== len) len = String(len).length + body.length;
  return Buffer.concat([Buffer.from(String(len)), body]);
}

function octal(block: Buffer, at: number, width: number, value: number): void {
  block.write(value.toString(8).padStart(width - 1, '0') + '\0', at, width, 'latin1');
}

function field(block: Buffer, at: number, width: number, value: Buffer): void {
  value.copy(block, at, 0, Math.min(width, value.length));
}

/** An ASCII stand-in for a name kept in full in the pax header (old readers show this one). */
const asciiStandIn = (b: Buffer, max: number) => Buffer.from(Array.from(b.subarray(Math.max(0, b.length - max)), (c) => (c >= 0x20 && c < 0x7f ? c : 0x5f)));

function ustarBlock(h: { name: Buffer; type: string; size: number; mode: number; mtime: number; uid: number; gid: number; uname: string; gname: string; linkname: Buffer }): Buffer {
  const b = Buffer.alloc(BLOCK);
  field(b, 0, 100, h.name);
  octal(b, 100, 8, h.mode & 0o7777);
  octal(b, 108, 8, h.uid <= MAX_OCTAL_7 ? h.uid : 0);
  octal(b, 116, 8, h.gid <= MAX_OCTAL_7 ? h.gid : 0);
  octal(b, 124, 12, h.size <= MAX_OCTAL_11 ? h.size : 0);
  octal(b, 136, 12, Math.min(Math.max(0, h.mtime), MAX_OCTAL_11));
  b.write(h.type, 156, 1, 'latin1');
  field(b, 157, 100, h.linkname);
  b.write('ustar\u000000', 257, 8, 'latin1');
  field(b, 265, 32, Buffer.from(h.uname, 'latin1'));
  field(b, 297, 32, Buffer.from(h.gname, 'latin1'));
  b.fill(0x20, 148, 156);
  let sum = 0;
  for (const c of b) sum += c;
  b.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'latin1');
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
  const path = h.type === '5' ? Buffer.concat([h.path, Buffer.from('/')]) : h.path;
  const link = h.linkpath ?? Buffer.alloc(0);
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
  const uname = Buffer.from(h.uname, 'utf8');
  const gname = Buffer.from(h.gname, 'utf8');
  if (uname.length > 31 || !isPlainAscii(uname)) records.push(paxRecord('uname', uname));
  if (gname.length > 31 || !isPlainAscii(gname)) records.push(paxRecord('gname', gname));
  const ustar = ustarBlock({
    name: nameFits ? name : asciiStandIn(name, 99), type: h.type, size: h.stored, mode: h.mode, mtime: h.mtime, uid: h.uid, gid: h.gid,
    uname: isPlainAscii(uname) ? h.uname.slice(0, 31) : '', gname: isPlainAscii(gname) ? h.gname.slice(0, 31) : '',
    linkname: link.length <= 100 && isPlainAscii(link) ? link : asciiStandIn(link, 99),
  });
  if (records.length === 0) return ustar;
  // POSIX: values are UTF-8 unless hdrcharset says otherwise; raw bytes that are not UTF-8 say BINARY.
  if (!isUtf8(path) || !isUtf8(link)) records.unshift(paxRecord('hdrcharset', Buffer.from('BINARY')));
  const body = Buffer.concat(records);
  const paxName = Buffer.concat([Buffer.from('PaxHeaders/'), asciiStandIn(path, 80)]);
  const paxBlock = ustarBlock({ name: paxName, type: 'x', size: body.length, mode: 0o644, mtime: h.mtime, uid: h.uid, gid: h.gid, uname: '', gname: '', linkname: Buffer.alloc(0) });
  return Buffer.concat([paxBlock, body, Buffer.alloc((BLOCK - (body.length % BLOCK)) % BLOCK), ustar]);
}

/** Zero bytes that pad `size` bytes of content up to a whole block. */
export function paddingFor(size: number): Buffer {
  const rest = size % BLOCK;
  return rest === 0 ? Buffer.alloc(0) : Buffer.alloc(BLOCK - rest);
}
