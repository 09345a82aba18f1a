/**
 * The one way a file name is written for people: the console's Browse, HB.LOG, the Director log
 * and the CLI (`show`, `verify`, `restore`, `history`, listings). Two different names always give
 * two different texts, so names one byte apart stay apart wherever an administrator reads them:
 * - a byte that is not part of valid UTF-8 is written `\xe9` (never U+FFFD, which makes Latin-1
 *   names that differ in one byte look alike);
 * - a control character is written `\x0d` (the same bytes as its UTF-8 form, so nothing collides),
 *   C1 controls and U+2028/2029 `\u0085`, so a name never breaks, hides or rewrites a line;
 * - a backslash is doubled, so a name holding the text `\xe9` is not the byte 0xE9.
 * Hand-written (browser-safe, no Buffer): a byte-exact decoder with per-byte escapes is a few
 * lines, and no library writes this form.
 */
export function shownName(name: Uint8Array | string): string {
  if (typeof name === 'string') return escapeChars(name);
  try {
    return escapeChars(strict.decode(name));
  } catch {
    // not valid UTF-8: byte by byte below
  }
  let out = '';
  for (let i = 0; i < name.length; ) {
    const n = sequenceAt(name, i);
    if (n === 0) {
      out += hex(name[i] as number);
      i++;
    } else {
      out += escapeChars(loose.decode(name.subarray(i, i + n)));
      i += n;
    }
  }
  return out;
}

const strict = new TextDecoder('utf-8', { fatal: true });
const loose = new TextDecoder('utf-8');
const hex = (n: number) => `\\x${n.toString(16).padStart(2, '0')}`;

function escapeChars(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\\\x00-\x1f\x7f-\x9f\u2028\u2029]/g, (c) => {
    if (c === '\\') return '\\\\';
    const n = c.charCodeAt(0);
    return n < 0x80 ? hex(n) : `\\u${n.toString(16).padStart(4, '0')}`;
  });
}

/** Length of the valid UTF-8 sequence at `i`, or 0 when the byte there does not start one. */
function sequenceAt(b: Uint8Array, i: number): number {
  const c = b[i] as number;
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && (b[i + k] as number) >= lo && (b[i + k] as number) <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const lo = c === 0xe0 ? 0xa0 : 0x80;
    const hi = c === 0xed ? 0x9f : 0xbf; // no surrogates
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const lo = c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}
