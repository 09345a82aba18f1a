import { describe, expect, it } from 'vitest';
import { MIB } from '../../../shared/settings.js';
import { parseVolumeSize } from './volume-size.js';

describe('parseVolumeSize', () => {
  it.each([
    ['1048576', MIB],
    ['1MiB', MIB],
    ['512m', 512 * MIB],
    ['2G', 2 * 1024 * MIB],
    ['1.5 MiB', 1.5 * MIB],
  ])('%s → %d', (text, want) => expect(parseVolumeSize(text)).toBe(want));

  it('refuses what is not a size', () => {
    expect(() => parseVolumeSize('lots')).toThrow('--volume-size "lots" is not a size');
  });
});
