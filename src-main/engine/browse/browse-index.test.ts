import { describe, expect, it } from 'vitest';
import type { Manifest, ManifestEntry } from '../manifest/manifest.js';
import { buildBrowseIndex, buildBrowseIndexInSlices, selectionTotals } from './browse-index.js';
import { queryBrowse, SEARCH_CAP, type BrowseQuery } from './browse-query.js';

const entry = (path: string, kind: ManifestEntry['kind'] = 'file', size = 10, mtime = '2026-11-30T10:00:00.000Z'): ManifestEntry => ({
  path,
  kind,
  size: kind === 'directory' ? 0 : size,
  mode: 0o644,
  mtime,
  sha256: null,
  source: `/data/${path}`,
});

const manifest = (entries: ManifestEntry[]): Manifest => ({
  format: 2,
  id: '26113001',
  snapshotAt: '',
  settings: { compression: 'none', volumeSize: 1 << 20, settleAttempts: 5, includeUnsettled: false },
  dataDirectories: [{ path: '/data', label: 'Office', top: 'Office' }],
  totals: { entries: entries.length, files: 0, bytes: 0, tarBytes: 0 },
  volumes: [],
  entries,
});

const q = (over: Partial<BrowseQuery> = {}): BrowseQuery => ({ folder: 'Office', search: '', sort: 'name', direction: 'ascending', offset: 0, limit: 200, ...over });

const office = manifest([
  entry('Office', 'directory'),
  entry('Office/file10.txt', 'file', 5, '2026-11-01T00:00:00.000Z'),
  entry('Office/file2.txt', 'file', 300, '2026-11-03T00:00:00.000Z'),
  entry('Office/File1.txt', 'file', 20, '2026-11-02T00:00:00.000Z'),
  entry('Office/Clients', 'directory'),
  entry('Office/Clients/10 Smith/brief.doc', 'file', 1000),
  entry('Office/Clients/2 Jones/ledger.db', 'sqlite', 4096),
  entry('Office/archive', 'directory'),
]);

describe('Browse index and pages', () => {
  it('lists folders first, then names in natural order (1, 2, 10), any case', () => {
    const idx = buildBrowseIndex(office);
    expect(queryBrowse(idx, q()).rows.map((r) => r.name)).toEqual(['archive', 'Clients', 'File1.txt', 'file2.txt', 'file10.txt']);
    expect(queryBrowse(idx, q({ direction: 'descending' })).rows.map((r) => r.name)).toEqual(['Clients', 'archive', 'file10.txt', 'file2.txt', 'File1.txt']);
    expect(queryBrowse(idx, q({ folder: 'Office/Clients' })).rows.map((r) => r.name)).toEqual(['2 Jones', '10 Smith']);
  });

  it('sorts by size and by date; a folder counts every file below it', () => {
    const idx = buildBrowseIndex(office);
    expect(queryBrowse(idx, q({ sort: 'size' })).rows.map((r) => [r.name, r.size])).toEqual([
      ['archive', 0],
      ['Clients', 5096],
      ['file10.txt', 5],
      ['File1.txt', 20],
      ['file2.txt', 300],
    ]);
    expect(queryBrowse(idx, q({ sort: 'mtime', direction: 'descending' })).rows.slice(2).map((r) => r.name)).toEqual(['file2.txt', 'File1.txt', 'file10.txt']);
    // Folders the manifest does not list itself are made up from their files' paths.
    expect(queryBrowse(idx, q({ folder: 'Office/Clients' })).rows[0]).toMatchObject({ kind: 'directory', size: 4096, items: 1, mtime: null });
    expect(queryBrowse(idx, q({ folder: '' })).rows).toMatchObject([{ name: 'Office', size: 5421, items: 5 }]);
    expect(idx).toMatchObject({ files: 5, bytes: 5421 });
  });

  it('searches names anywhere in the backup (or below a folder), and pages', () => {
    const idx = buildBrowseIndex(office);
    expect(queryBrowse(idx, q({ folder: '', search: 'FILE' })).rows.map((r) => r.path)).toEqual(['Office/File1.txt', 'Office/file2.txt', 'Office/file10.txt']);
    expect(queryBrowse(idx, q({ folder: 'Office/Clients', search: 'D' })).rows.map((r) => r.path)).toEqual(['Office/Clients/10 Smith/brief.doc', 'Office/Clients/2 Jones/ledger.db']);
    expect(queryBrowse(idx, q({ folder: 'Office', search: 'smith' })).rows.map((r) => r.kind)).toEqual(['directory']);
    const page = queryBrowse(idx, q({ offset: 2, limit: 2 }));
    expect(page).toMatchObject({ total: 5, capped: null });
    expect(page.rows.map((r) => r.name)).toEqual(['File1.txt', 'file2.txt']);
    expect(() => queryBrowse(idx, q({ folder: 'Office/nothing' }))).toThrow('no folder "Office/nothing"');
  });

  it('stops a search at its cap and says so', () => {
    const many = manifest([entry('Office', 'directory'), ...Array.from({ length: SEARCH_CAP + 5 }, (_, i) => entry(`Office/doc-${i}.txt`))]);
    const r = queryBrowse(buildBrowseIndex(many), q({ folder: '', search: 'doc', limit: 10 }));
    expect(r).toMatchObject({ total: SEARCH_CAP, capped: SEARCH_CAP });
  });

  it('marks damaged files and the folders holding them; totals a selection once', () => {
    const idx = buildBrowseIndex(office, (i) => (office.entries[i]?.path === 'Office/Clients/10 Smith/brief.doc' ? 'lies in a damaged volume: BACKUP.002 is missing' : null));
    expect(idx.damagedFiles).toBe(1);
    expect(queryBrowse(idx, q()).rows.find((r) => r.name === 'Clients')?.damaged).toBe('1 damaged file inside');
    expect(queryBrowse(idx, q()).rows.find((r) => r.name === 'file2.txt')?.damaged).toBeNull();
    expect(selectionTotals(idx, ['Office/Clients', 'Office/Clients/2 Jones/ledger.db', 'Office/file2.txt', 'Office/nope'])).toEqual({ files: 3, bytes: 5396, damagedFiles: 1 });
  });
});

it('a large backup is indexed in slices: the Director answers other work meanwhile, and the index is the same', async () => {
  const big = manifest([entry('Office', 'directory'), ...Array.from({ length: 60_000 }, (_, i) => entry(`Office/d${i % 30}/f${i}.txt`))]);
  const order: string[] = [];
  setImmediate(() => order.push('other work'));
  const sliced = await buildBrowseIndexInSlices(big);
  order.push('indexed');
  expect(order).toEqual(['other work', 'indexed']);
  const whole = buildBrowseIndex(big);
  expect({ files: sliced.files, bytes: sliced.bytes, nodes: sliced.nodes.length }).toEqual({ files: whole.files, bytes: whole.bytes, nodes: whole.nodes.length });
  expect(queryBrowse(sliced, q({ folder: 'Office/d7', limit: 3 })).rows.map((r) => r.name)).toEqual(['f7.txt', 'f37.txt', 'f67.txt']);
  // The next page of the same folder and order comes from the kept order.
  expect(sliced.sorted.size).toBe(1);
  expect(queryBrowse(sliced, q({ folder: 'Office/d7', offset: 3, limit: 1 })).rows.map((r) => r.name)).toEqual(['f97.txt']);
  expect(sliced.sorted.size).toBe(1);
});
