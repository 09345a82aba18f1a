import { describe, expect, it } from 'vitest';
import { compileGlob, excludeMatcher, MAX_GLOB_LENGTH, MAX_GLOBS } from './glob-match.js';

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

describe('linear time', () => {
  // A pattern of many stars on a long name that almost matches: the RegExp this replaced
  // backtracked exponentially here. Counted in automaton steps, not timed.
  it('matches many-star patterns against long near-miss names, with the same answers as before', () => {
    const stars = `${'a*'.repeat(40)}b`;
    const name = 'a'.repeat(5000);
    expect(compileGlob(stars).test(name)).toBe(false);
    expect(compileGlob(stars).test(`${name}b`)).toBe(true);
    expect(compileGlob(`**/${'*x'.repeat(30)}`).test(`${'dir/'.repeat(200)}${'x'.repeat(30)}`)).toBe(true);
    expect(compileGlob(`**/${'*x'.repeat(30)}`).test(`${'dir/'.repeat(200)}${'x'.repeat(29)}`)).toBe(false);
  });

  it('refuses a pattern longer than the limit and more patterns than the limit, saying so', () => {
    expect(() => compileGlob('*'.repeat(MAX_GLOB_LENGTH + 1))).toThrow(/at most 500 are allowed/);
    expect(() => excludeMatcher(Array.from({ length: MAX_GLOBS + 1 }, (_, i) => `f${i}`))).toThrow(/at most 500 are allowed/);
  });
});
