import { describe, expect, it } from 'vitest';
import { topFolderNames } from './top-folders.js';

describe('topFolderNames', () => {
  it.each([
    { dirs: [{ path: '/srv/tabs', label: '' }], want: ['tabs'] },
    { dirs: [{ path: '/srv/tabs', label: 'Billing' }], want: ['Billing'] },
    { dirs: [{ path: '/a/data', label: '' }, { path: '/b/data', label: '' }, { path: '/c/Data', label: '' }], want: ['data', 'data-2', 'Data-3'] },
    { dirs: [{ path: '/', label: '' }], want: ['data'] },
    { dirs: [{ path: 'C:\\Office\\Docs\\', label: '' }], want: ['Docs'] },
    { dirs: [{ path: '/x', label: 'a/b:c' }], want: ['a_b_c'] },
    { dirs: [{ path: '/x', label: '..' }], want: ['data'] },
  ])('$dirs → $want', ({ dirs, want }) => {
    expect(topFolderNames(dirs)).toEqual(want);
  });
});
