import type { BigIntStats } from 'node:fs';

/** What must stay the same across a read for the bytes to be one version of the file. */
export interface FileSignature {
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
  ino: bigint;
}

export const signatureOf = (st: BigIntStats): FileSignature => ({ size: st.size, mtimeNs: st.mtimeNs, ctimeNs: st.ctimeNs, ino: st.ino });

/** Why two signatures differ, in words for HB.LOG; null when they are the same. */
export function signatureChange(before: FileSignature, after: FileSignature): string | null {
  if (before.ino !== after.ino) return 'the file was replaced';
  if (before.size !== after.size) return `size changed from ${before.size} to ${after.size} bytes`;
  if (before.mtimeNs !== after.mtimeNs) return 'modified while being read';
  if (before.ctimeNs !== after.ctimeNs) return 'changed (ctime) while being read';
  return null;
}

/**
 * File times are coarse (one clock tick, up to ~10 ms), so a write during our read can leave
 * mtime unchanged when the file was also written just before. A change stamped within `windowNs`
 * of the read start cannot prove the read was clean.
 */
export function isRacilyClean(sig: FileSignature, readStartNs: bigint, windowNs: bigint): boolean {
  const latest = sig.mtimeNs > sig.ctimeNs ? sig.mtimeNs : sig.ctimeNs;
  return latest >= readStartNs - windowNs;
}
