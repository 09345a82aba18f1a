import { describe, expect, it } from 'vitest';
import { excludeMatcher } from './glob-match.js';

describe('excludeMatcher', () => {
  it.each([
    { glob: '*.tmp', path: 'a.tmp', excluded: true },
    { glob: '*.tmp', path: 'deep/down/a.tmp', excluded: true },
    { glob: '*.tmp', path: 'a.tmp.keep', excluded: false },
    { glob: 'cache', path: 'cache', excluded: true },
    { glob: 'cache', path: 'sub/cache', excluded: true },
    { glob: 'cache/**', path: 'cache/x/y.bin', excluded: true },
    { glob: 'cache/**', path: 'other/cache/x', excluded: false },
    { glob: 'logs/*.log', path: 'logs/a.log', excluded: true },
    { glob: 'logs/*.log', path: 'logs/old/a.log', excluded: false },
    { glob: '**/*.bak', path: 'x/y/z.bak', excluded: true },
    { glob: '**/*.bak', path: 'z.bak', excluded: true },
    { glob: 'file?.txt', path: 'file1.txt', excluded: true },
    { glob: 'file?.txt', path: 'file10.txt', excluded: false },
    { glob: 'a+b(1).txt', path: 'a+b(1).txt', excluded: true },
  ])('$glob on $path → $excluded', ({ glob, path, excluded }) => {
    expect(excludeMatcher([glob])(path)).toBe(excluded);
  });
});
