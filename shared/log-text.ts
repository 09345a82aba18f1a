/**
 * Text made safe for a log line (HB.LOG, the Director log): control characters a file name or a
 * message can carry (a lone CR, ESC, NUL, DEL, C1, U+2028/2029) become visible escapes (`\x0d`, `\u0085`, as shared/shown-name.ts writes them in names),
 * so they can neither break a line, overwrite it on a terminal, nor hide text. Line breaks
 * become `lineBreak` (a space in one-line logs); a tab is kept.
 */
export function logText(text: string, lineBreak = ' '): string {
  return text
    .replace(/\r\n|\n/g, '\n')
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    .replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]/g, (c) => {
      const n = c.charCodeAt(0);
      return n < 0x80 ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
    })
    .replace(/\n/g, lineBreak);
}
