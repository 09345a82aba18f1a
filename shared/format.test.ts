import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration } from './format.js';

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1, '1 byte'],
    [1023, '1023 bytes'],
    [1536, '1.5 KB'],
    [12.4 * 1024 ** 2, '12 MB'],
    [734003200, '700 MB'],
    [1.5 * 1024 ** 3, '1.5 GB'],
    [3 * 1024 ** 5, '3072 TB'],
  ])('%d → %s', (n, text) => expect(formatBytes(n)).toBe(text));
});

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [44.6, '45 s'],
    [60, '1 min'],
    [75, '1 min 15 s'],
    [3600, '1 h'],
    [3700, '1 h 1 min'],
  ])('%d s → %s', (s, text) => expect(formatDuration(s)).toBe(text));
});
