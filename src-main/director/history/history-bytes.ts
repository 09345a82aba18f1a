/**
 * The journal as bytes. Every line HotBackup writes is UTF-8 JSON; a line that is not UTF-8 was
 * damaged on disk (a bad sector, an editor). Decoding it with replacement characters would let a
 * repair or a compaction write U+FFFD where the bytes were, so such a line is kept as its bytes:
 * set aside exactly as it was by a repair, left exactly as it was by a compaction.
 */
const NL = 0x0a;

export interface JournalText {
  /** The UTF-8 lines, each ended by '\n' (a torn last line without it, as it was). */
  text: string;
  /** Lines that are not UTF-8, as their bytes (without '\n'). */
  foreign: Buffer[];
}

/** A line's text, or null when its bytes are not UTF-8. */
export function utf8Line(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Pure: split bytes at '\n'; the last element is what follows the last '\n' (a torn line, or empty). */
export function splitLines(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = bytes.indexOf(NL); i !== -1; i = bytes.indexOf(NL, start)) {
    out.push(bytes.subarray(start, i));
    start = i + 1;
  }
  out.push(bytes.subarray(start));
  return out;
}

/** Pure: the journal's UTF-8 lines as text, and the lines that are not UTF-8 as bytes. */
export function decodeJournal(bytes: Buffer): JournalText {
  const parts = splitLines(bytes);
  const foreign: Buffer[] = [];
  let text = '';
  parts.forEach((b, i) => {
    const last = i === parts.length - 1;
    const t = utf8Line(b);
    if (t === null) foreign.push(b);
    else text += last ? t : t + '\n';
  });
  return { text, foreign };
}

/** The message and the bytes kept aside for lines that are not UTF-8. */
export const FOREIGN_REASON = 'not UTF-8 text (bytes changed on disk?)';

export const joinLines = (lines: readonly Uint8Array[]): Buffer => Buffer.concat(lines.flatMap((l) => [l, Buffer.from([NL])]));
