import { describe, expect, it } from 'vitest';
import { entryProblem, normalizeEntryPath, selectionMatcher } from './restore-checks.js';

describe('normalizeEntryPath', () => {
  it.each([
    ['data/a.txt', 'data/a.txt'],
    ['./data//b/', 'data/b'],
    ['data/./c', 'data/c'],
    // On Linux a backslash is a character of a name ("a\\b.txt" is one file), not a folder break.
    ['data/only\\back.txt', 'data/only\\back.txt'],
    ['data/x\\y/z', 'data/x\\y/z'],
  ])('%s → %s', (input, want) => {
    expect(normalizeEntryPath(input)).toEqual({ path: want });
  });

  it.each(['../evil', 'data/../../evil', 'data/..', '/etc/passwd', '\\\\server\\x', 'C:\\x', 'c:/x', 'a\\..\\..\\b', '.', ''])('refuses %j', (input) => {
    expect(normalizeEntryPath(input)).toHaveProperty('problem');
  });
});

describe('entryProblem', () => {
  const links = new Set(['data/link', 'data/up']);
  it.each([
    { entry: { path: 'data/a.txt', type: 'File' }, ok: true },
    { entry: { path: 'data', type: 'Directory' }, ok: true },
    { entry: { path: 'data/link', type: 'SymbolicLink', linkpath: 'sub/file' }, ok: true },
    { entry: { path: 'data/link', type: 'SymbolicLink', linkpath: '../data2/x' }, ok: true },
    { entry: { path: 'data/link', type: 'SymbolicLink', linkpath: '../../x' }, ok: false },
    { entry: { path: 'data/link', type: 'SymbolicLink', linkpath: '/etc' }, ok: false },
    { entry: { path: 'data/link', type: 'SymbolicLink', linkpath: 'up/../../..' }, ok: false },
    { entry: { path: 'data/link/inside.txt', type: 'File' }, ok: false },
    { entry: { path: 'data/hard', type: 'Link', linkpath: 'data/a.txt' }, ok: true },
    { entry: { path: 'data/hard', type: 'Link', linkpath: '../outside' }, ok: false },
    { entry: { path: 'data/hard', type: 'Link', linkpath: '/etc/shadow' }, ok: false },
    { entry: { path: 'data/dev', type: 'CharacterDevice' }, ok: false },
  ])('$entry.path ($entry.type → $entry.linkpath)', ({ entry, ok }) => {
    const problem = entryProblem(entry, links);
    if (ok) expect(problem).toBeNull();
    else expect(problem).toMatch(/"/);
  });
});

describe('selectionMatcher', () => {
  it.each([
    { globs: [], path: 'data/x/y.txt', want: true },
    { globs: ['data/x'], path: 'data/x/y.txt', want: true },
    { globs: ['data/x'], path: 'data/xy.txt', want: false },
    { globs: ['*.db'], path: 'data/deep/clients.db', want: true },
    { globs: ['*.db'], path: 'data/deep/clients.db-wal', want: false },
    { globs: ['data/**/*.txt'], path: 'data/a/b/c.txt', want: true },
    { globs: ['data/**/*.txt'], path: 'other/a.txt', want: false },
  ])('$globs selects $path: $want', ({ globs, path, want }) => {
    expect(selectionMatcher(globs)(path)).toBe(want);
  });
});
