import { deflateRawSync, constants as zlib } from 'node:zlib';

/**
 * Is this stretch of a file already compressed (scans, PDFs, photos, ZIP, encrypted data)? Such
 * bytes go into their gzip member as deflate stored blocks: level 1 spends as much CPU on them as
 * on text and saves nothing. Judged on slices of SLICE bytes, one every GAP bytes (so a
 * compressible stretch longer than GAP always meets one): a slice whose byte histogram is not
 * nearly flat is compressible at once (cheap: text, tables, databases); a flat one is compressed
 * at level 1 to make sure (repeats of random bytes are compressible, and deflate finds them within
 * the slice; repeats further apart than a slice are not seen). Incompressible only when every
 * slice is.
 */
const SLICE = 2 * 1024;
const GAP = 32 * 1024;
/** Stretches shorter than this are compressed without asking (the probe would cost what it saves). */
export const MIN_STRETCH = 16 * 1024;
/** Bits per byte below which a slice is compressible without a trial (random bytes: about 7.9 on 2 KiB). */
const FLAT_BITS = 7.5;

/** Level 1 saves less than 1/32 of the bytes. */
export const incompressible = (inBytes: number, outBytes: number): boolean => inBytes > 0 && outBytes >= inBytes - (inBytes >> 5);

const counts = new Uint32Array(256);
const LOG2 = Array.from({ length: SLICE + 1 }, (_, n) => (n > 0 ? n * Math.log2(n) : 0));

/** Order-0 entropy of `b` in bits per byte (b.length ≤ SLICE). */
export function entropyBits(b: Uint8Array): number {
  counts.fill(0);
  for (let i = 0; i < b.length; i++) counts[b[i] as number]!++;
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += LOG2[counts[i] as number] as number;
  return Math.log2(b.length) - sum / b.length;
}

/** The slices judged: evenly spread, the first at the start and the last at the end. */
export function sliceStarts(length: number): number[] {
  if (length <= SLICE) return [0];
  const n = Math.max(2, Math.ceil(length / GAP) + 1);
  const step = (length - SLICE) / (n - 1);
  return Array.from({ length: n }, (_, i) => Math.round(i * step));
}

export function looksIncompressible(bytes: Buffer): boolean {
  if (bytes.length < MIN_STRETCH) return false;
  const starts = sliceStarts(bytes.length);
  // The cheap test on every slice first: a compressible file is usually told by its first slice's histogram.
  for (const at of starts) if (entropyBits(bytes.subarray(at, at + SLICE)) < FLAT_BITS) return false;
  for (const at of starts) {
    const s = bytes.subarray(at, at + SLICE);
    if (!incompressible(s.length, deflateRawSync(s, { level: zlib.Z_BEST_SPEED, memLevel: 9 }).length)) return false;
  }
  return true;
}
