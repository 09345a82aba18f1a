import { isUtf8 as nodeIsUtf8 } from 'node:buffer';
import { shownName } from '../../../shared/shown-name.js';
// Names are bytes: a file name need not be valid UTF-8 (Latin-1 names from old file servers).
// Text fields (MANIFEST.json, logs, the console) hold the name decoded for people; the exact bytes
// ride along in base64 whenever that decoding would alter them.

/** Valid UTF-8 (what decoding and encoding again leaves unchanged), checked natively: called once per name walked. */
export const isUtf8 = (b: Buffer): boolean => nodeIsUtf8(b);

/** The text form of `bytes`, and the exact bytes (base64) only when the text is not exact. */
export function textAndBytes(bytes: Buffer): { text: string; b64?: string } {
  const text = bytes.toString('utf8');
  return isUtf8(bytes) ? { text } : { text, b64: bytes.toString('base64') };
}

/** The exact bytes of a name stored as text plus optional base64. */
export const bytesOf = (text: string, b64?: string): Buffer => (b64 !== undefined ? Buffer.from(b64, 'base64') : Buffer.from(text, 'utf8'));

/**
 * A "byte string": one char per byte (latin1). Path logic that only looks at '/' and '.' works on
 * it unchanged, and two different names never collapse into one key.
 */
export const byteKey = (bytes: Buffer): string => bytes.toString('latin1');
export const keyBytes = (key: string): Buffer => Buffer.from(key, 'latin1');
/** A name typed by a person (UTF-8) as a byte string. */
export const textKey = (text: string): string => Buffer.from(text, 'utf8').toString('latin1');
/** A byte string as data text: decoded as UTF-8 (invalid bytes become U+FFFD; for people use keyShown). */
export const keyText = (key: string): string => Buffer.from(key, 'latin1').toString('utf8');

// eslint-disable-next-line no-control-regex -- what shownName escapes
const ESCAPED = /[\\\x00-\x1f\x7f-\x9f\u2028\u2029]/;
/** A name (byte string) as people see it (shownName), its plain UTF-8 text taken as it is. */
export function keyShown(key: string): string {
  const b = keyBytes(key);
  const text = b.toString('utf8');
  return isUtf8(b) && !ESCAPED.test(text) ? text : shownName(b);
}
