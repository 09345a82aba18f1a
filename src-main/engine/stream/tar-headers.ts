import { Header, Pax } from 'tar';

export const BLOCK = 512;
/** Two zero blocks end a tar archive. */
export const END_OF_ARCHIVE = Buffer.alloc(2 * BLOCK);

export interface TarEntryHeader {
  path: string;
  type: 'File' | 'Directory' | 'SymbolicLink';
  size: number;
  mode: number;
  mtime: Date;
  linkpath?: string;
}

/**
 * The header block(s) of one entry, as node-tar writes them with `portable: true`: no owner,
 * group, atime or ctime; a pax extended header when the name or link is long or not ASCII.
 */
export function encodeTarHeader(h: TarEntryHeader): Buffer {
  const path = h.type === 'Directory' && !h.path.endsWith('/') ? `${h.path}/` : h.path;
  const header = new Header({ path, type: h.type, size: h.type === 'File' ? h.size : 0, mode: h.mode, mtime: h.mtime, linkpath: h.linkpath });
  const needPax = header.encode();
  const block = header.block;
  if (!block) throw new Error(`could not encode a tar header for "${h.path}"`);
  if (!needPax && isAscii(path) && isAscii(h.linkpath ?? '')) return block;
  const pax = new Pax({ path, linkpath: h.linkpath, size: header.size, mtime: h.mtime }).encode();
  return Buffer.concat([pax, block]);
}

const isAscii = (s: string) => /^[\x20-\x7e]*$/.test(s);

/** Zero bytes that pad `size` bytes of content up to a whole block. */
export function paddingFor(size: number): Buffer {
  const rest = size % BLOCK;
  return rest === 0 ? Buffer.alloc(0) : Buffer.alloc(BLOCK - rest);
}
