import { z } from 'zod';

// A name inside a backup is bytes, not text: an old file server's Latin-1 "café.txt" is not
// UTF-8. As text such names read with U+FFFD, and two different ones can read the same, so
// the console and the Director pass the exact bytes (base64) wherever one entry must be
// chosen (a tick, a download, a restore) and show people a form that keeps them apart (shownName in shared/shown-name.ts).
// Browser-safe: no Buffer, no node: imports.

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function bytesFromBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function base64FromBytes(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** The exact bytes (base64) of a name typed or shown as valid UTF-8 text. */
export const base64OfText = (text: string): string => base64FromBytes(new TextEncoder().encode(text));

/** Whether `bytes` are an archive path: not empty, '/'-separated, no empty, '.' or '..' part, no NUL. */
export function archivePathBytesProblem(bytes: Uint8Array): string | null {
  if (bytes.length === 0) return 'is empty';
  if (bytes.includes(0)) return 'holds a NUL byte';
  const parts: number[][] = [[]];
  for (const b of bytes) {
    if (b === 0x2f) parts.push([]);
    else (parts[parts.length - 1] as number[]).push(b);
  }
  const bad = parts.some((p) => p.length === 0 || (p.length === 1 && p[0] === 0x2e) || (p.length === 2 && p[0] === 0x2e && p[1] === 0x2e));
  return bad ? 'is not folder/name inside the backup (an empty, "." or ".." part, or a leading or trailing "/")' : null;
}

/** An archive path's exact bytes in base64: what a tick, a download or a restore chosen in Browse carries. */
export const RawArchivePath = z
  .string()
  .max(8192)
  .regex(BASE64, { error: 'exact path bytes are base64' })
  .refine((b64) => BASE64.test(b64) && archivePathBytesProblem(bytesFromBase64(b64)) === null, {
    error: 'the exact path bytes are not folder/name inside the backup (empty, ".", ".." or a NUL)',
  });
