import { describe, expect, it } from 'vitest';
import type { ManifestListingEntry } from '../../shared/restore-wizard.js';
import { buildTree, cascadeSelection, minimalSelection, restoreGlobs, selectionTotals } from './manifest-tree.js';

const e = (path: string, kind: ManifestListingEntry['kind'] = 'file', size = 10): ManifestListingEntry => ({ path, kind, size: kind === 'directory' ? 0 : size, sha256: null });
const entries = [
  e('Office', 'directory'),
  e('Office/ledger.db', 'sqlite', 4096),
  e('Office/Clients', 'directory'),
  e('Office/Clients/smith.txt'),
  e('Office/Clients/jones.txt'),
  e('Office/Clients/Office', 'directory'),
  e('Office/Clients/Office/memo.txt'),
  e('Mail/inbox.txt', 'file', 5),
];

describe('buildTree', () => {
  it('nests entries, folders first, and makes up folders the manifest does not list', () => {
    const roots = buildTree(entries);
    expect(roots.map((n) => n.name)).toEqual(['Mail', 'Office']);
    const office = roots[1]!;
    expect(office.children.map((n) => n.name)).toEqual(['Clients', 'ledger.db']);
    expect(office.children[0]!.children.map((n) => n.name)).toEqual(['Office', 'jones.txt', 'smith.txt']);
    expect(office.children[1]).toMatchObject({ kind: 'sqlite', size: 4096 });
    expect(roots[0]!.kind).toBe('directory');
  });
});

describe('selection', () => {
  it('drops paths inside a selected folder, but not look-alike names', () => {
    expect(minimalSelection(['Office/Clients/smith.txt', 'Office/Clients', 'Office/Clients2/x', 'Mail/inbox.txt'])).toEqual([
      'Mail/inbox.txt',
      'Office/Clients',
      'Office/Clients2/x',
    ]);
  });
  it('counts files and bytes of a selection, everything when none', () => {
    expect(selectionTotals(entries, [])).toEqual({ files: 5, bytes: 4096 + 30 + 5 });
    expect(selectionTotals(entries, ['Office/Clients'])).toEqual({ files: 3, bytes: 30 });
    expect(selectionTotals(entries, ['Office/Clients/smith.txt', 'Mail/inbox.txt'])).toEqual({ files: 2, bytes: 15 });
  });
  it('anchors restore globs at the archive root', () => {
    expect(restoreGlobs(['Office', 'Office/Clients/smith.txt'])).toEqual(['/Office', '/Office/Clients/smith.txt']);
  });
});

describe('cascadeSelection', () => {
  const roots = buildTree(entries);
  const sorted = (s: Set<string>) => [...s].sort();
  it('ticking a folder ticks everything inside it', () => {
    expect(sorted(cascadeSelection(roots, [], ['Office/Clients']))).toEqual([
      'Office/Clients',
      'Office/Clients/Office',
      'Office/Clients/Office/memo.txt',
      'Office/Clients/jones.txt',
      'Office/Clients/smith.txt',
    ]);
  });
  it('unticking one file inside a ticked folder unticks the folder and its parents, keeps the siblings', () => {
    const ticked = cascadeSelection(roots, [], ['Office']);
    const after = new Set(ticked);
    after.delete('Office/Clients/smith.txt');
    const next = cascadeSelection(roots, ticked, after);
    expect(next.has('Office')).toBe(false);
    expect(next.has('Office/Clients')).toBe(false);
    expect(next.has('Office/Clients/jones.txt')).toBe(true);
    expect(next.has('Office/ledger.db')).toBe(true);
    expect(minimalSelection(next)).toEqual(['Office/Clients/Office', 'Office/Clients/jones.txt', 'Office/ledger.db']);
  });
  it('unticking a folder unticks what is inside it', () => {
    const ticked = cascadeSelection(roots, [], ['Office/Clients']);
    expect(sorted(cascadeSelection(roots, ticked, []))).toEqual([]);
  });
});
