import { isUtf8 } from '../manifest/raw-names.js';
import type { FsPath } from '../fs/raw-path.js';

/**
 * A file name as HB.LOG writes it, so an administrator can tell which file a line means. Two
 * different names always give two different texts:
 * - each byte that is not part of valid UTF-8 is written `\xNN` (never U+FFFD, which would make
 *   Latin-1 names that differ in one byte look alike);
 * - control characters, line breaks and tabs included, are written `\xNN` (U+2028/2029 `\u2028`),
 *   as shared/log-text.ts writes them in messages, so a name never breaks or hides a line;
 * - a backslash is doubled, so a name that holds the text `\xe9` is not the byte 0xE9.
 * logText leaves the result as it is. Hand-written: a byte-exact decoder with per-byte escapes is
 * a few lines, and no library writes this form.
 */
export function logName(path: FsPath | Uint8Array): string {
  if (typeof path === 'string') return escapeChars(path);
  // A Buffer sent to or from a worker arrives as a plain Uint8Array.
  const name = Buffer.isBuffer(path) ? path : Buffer.from(path.buffer, path.byteOffset, path.byteLength);
  let out = '';
  let i = 0;
  while (i < name.length) {
    const b = name[i] as number;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    const piece = len && i + len <= name.length ? name.subarray(i, i + len) : null;
    if (piece && isUtf8(piece)) {
      out += escapeChars(piece.toString('utf8'));
      i += len;
    } else {
      out += hex(b);
      i++;
    }
  }
  return out;
}

const hex = (n: number) => `\\x${n.toString(16).padStart(2, '0')}`;

function escapeChars(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\\\x00-\x1f\x7f-\x9f\u2028\u2029]/g, (c) => {
    if (c === '\\') return '\\\\';
    const n = c.charCodeAt(0);
    return n < 0x100 ? hex(n) : `\\u${n.toString(16)}`;
  });
}
