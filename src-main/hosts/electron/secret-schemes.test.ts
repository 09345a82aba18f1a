import { describe, expect, it } from 'vitest';
import { safeStorageProtects } from './secret-schemes.js';

describe('safeStorageProtects', () => {
  it.each([
    ['darwin', true, null, true],
    ['win32', true, null, true],
    ['linux', true, 'gnome_libsecret', true],
    ['linux', true, 'kwallet6', true],
    ['linux', true, 'basic_text', false],
    ['linux', true, 'unknown', false],
    ['win32', false, null, false],
  ] as const)('%s available=%s backend=%s -> %s', (platform, available, backend, expected) => {
    expect(safeStorageProtects(platform, available, backend)).toBe(expected);
  });
});
