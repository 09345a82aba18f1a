import { describe, expect, it } from 'vitest';
import { diskFullMessage, isDiskFullError } from './disk-space.js';

const MB = 1024 * 1024;

describe('disk space', () => {
  it.each([
    [Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }), true],
    [Object.assign(new Error('quota'), { code: 'EDQUOT' }), true],
    ['Streaming Files: ENOSPC: no space left on device, write', true],
    [Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }), false],
    ['Validating Save: BACKUP.001 is damaged', false],
  ])('isDiskFullError(%s) = %s', (err, want) => {
    expect(isDiskFullError(err)).toBe(want);
  });

  it('says where, how much was needed and how much is free', () => {
    expect(diskFullMessage('/srv/HotBackup', 4 * 1024 * MB, 12 * MB)).toMatch(/^the HotBackup folder \/srv\/HotBackup ran out of space: about 4\.0 GB needed, 12 MB free .*Free space/);
  });
});
