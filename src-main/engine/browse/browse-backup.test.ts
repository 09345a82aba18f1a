import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManifestReader } from '../manifest/manifest-reader.js';
import { loadBrowsableBackup } from './browse-backup.js';
import { queryBrowse } from './browse-query.js';
import { makeBackupFixture, type FixtureEntry } from '../testing/backup-fixture.js';

// Issue 16 point 5 (flat memory): Browse builds its index from MANIFEST.json read a line at a time;
// the manifest's entries are never held (only the index). Damage is still placed by each entry's
// tar offset, noted as a number per entry in the checking pass.

let root = '';
let hb = '';
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-browse-backup-'));
  hb = join(root, 'HotBackup');
  await mkdir(hb);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(root, { recursive: true, force: true });
});

const body = (n: number) => Buffer.alloc(40_000, n);
const entries: FixtureEntry[] = [
  { path: 'data', type: 'Directory' },
  ...Array.from({ length: 6 }, (_, i) => ({ path: `data/f${i}.bin`, content: body(i) })),
];

describe('loadBrowsableBackup', () => {
  it('streams the manifest once (never holds its entries) and marks exactly the files in a missing volume', async () => {
    const dir = await makeBackupFixture(hb, '26113004', entries, { offsets: true, compression: 'none', volumeSize: 100_000 });
    await rm(join(dir, 'BACKUP.002'));
    const kept = vi.spyOn(ManifestReader.prototype, 'kept');
    const again = vi.spyOn(ManifestReader.prototype, 'entries');
    const b = await loadBrowsableBackup(hb, '26113004');
    expect(kept).not.toHaveBeenCalled();
    // Read once: the index is built in the checking pass, the entries are not read a second time.
    expect(again).not.toHaveBeenCalled();
    const rows = queryBrowse(b.index, { folder: 'data', search: '', sort: 'name', direction: 'ascending', offset: 0, limit: 10 }).rows;
    // 40,000-byte files after a 512-byte header each: BACKUP.002 holds bytes 100,000-199,999 of the tar.
    expect(rows.map((r) => [r.name, r.damaged !== null])).toEqual([
      ['f0.bin', false], ['f1.bin', false], ['f2.bin', true], ['f3.bin', true], ['f4.bin', true], ['f5.bin', false],
    ]);
    expect(b.index.damagedFiles).toBe(3);
    // The index keeps no object per entry: a node is made each time it is asked for.
    expect(b.index.nodes).toHaveLength(7);
    expect(b.index.nodes[3]).toEqual(b.index.nodes[3]);
    expect(b.index.nodes[3]).not.toBe(b.index.nodes[3]);
    expect(b.index.byPath.get('data/f3.bin')).toBe(4);
  });
});
