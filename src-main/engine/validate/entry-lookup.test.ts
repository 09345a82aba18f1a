import { describe, expect, it } from 'vitest';
import type { ManifestEntry } from '../manifest/manifest.js';
import type { ManifestReader } from '../manifest/manifest-reader.js';
import { entryLookup } from './entry-lookup.js';

const entry = (path: string, offset: number, kind: ManifestEntry['kind'] = 'file'): ManifestEntry =>
  ({ path, kind, size: 0, mode: 0o644, mtime: '2026-11-20T08:30:00.000Z', sha256: null, uid: 0, gid: 0, source: `/d/${path}`, offset }) as ManifestEntry;

describe('entryLookup (manifest in tar order)', () => {
  it('knows where every entry it can be asked about ends: the one just met, databases checked later, and the missed ones', () => {
    const list = [entry('d/a', 0), entry('d/db', 1024, 'sqlite'), entry('d/b', 2048), entry('d/c', 3072), entry('d/e', 4096)];
    const lookup = entryLookup({ ascending: true, entries: () => list[Symbol.iterator]() } as unknown as ManifestReader, 5120);
    const [a, db, b, c, e] = list as [ManifestEntry, ManifestEntry, ManifestEntry, ManifestEntry, ManifestEntry];
    expect(lookup.find(0, 'd/a')?.m).toBe(a);
    expect(lookup.endOf(a)).toBe(1024);
    expect(lookup.find(1024, 'd/db')?.m).toBe(db);
    // d/b is skipped: the archive goes on at d/c.
    expect(lookup.find(3072, 'd/c')?.m).toBe(c);
    expect(lookup.endOf(c)).toBe(4096);
    expect(lookup.endOf(db)).toBe(2048);
    expect(lookup.endOf(b)).toBe(3072);
    const unseen: [string, number | undefined][] = [];
    for (const m of lookup.unseen()) unseen.push([m.path, lookup.endOf(m)]);
    expect(unseen).toEqual([['d/b', 3072], ['d/e', 5120]]);
    expect(lookup.endOf(db)).toBe(2048);
    expect(e.path).toBe('d/e');
  });
});
