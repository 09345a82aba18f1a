import { describe, expect, it } from 'vitest';
import { isRacilyClean, signatureChange, type FileSignature } from './file-signature.js';

const base: FileSignature = { size: 10n, mtimeNs: 1_000_000_000n, ctimeNs: 1_000_000_000n, ino: 7n };

describe('signatureChange', () => {
  it.each([
    { after: base, want: null },
    { after: { ...base, ino: 8n }, want: 'the file was replaced' },
    { after: { ...base, size: 12n }, want: 'size changed from 10 to 12 bytes' },
    { after: { ...base, mtimeNs: 1_000_000_001n }, want: 'modified while being read' },
    { after: { ...base, ctimeNs: 1_000_000_001n }, want: 'changed (ctime) while being read' },
  ])('$want', ({ after, want }) => {
    expect(signatureChange(base, after)).toBe(want);
  });
});

describe('isRacilyClean', () => {
  const window = 20_000_000n;
  it.each([
    { readStart: 2_000_000_000n, racy: false },
    { readStart: 1_020_000_000n, racy: true },
    { readStart: 1_020_000_001n, racy: false },
    { readStart: 999_000_000n, racy: true },
  ])('read started at $readStart → $racy', ({ readStart, racy }) => {
    expect(isRacilyClean(base, readStart, window)).toBe(racy);
  });
});
