import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LISTING_MAX_ENTRIES } from '../../../shared/restore-wizard.js';
import { ManifestReader } from '../manifest/manifest-reader.js';
import { listManifest } from './manifest-listing.js';
import { makeBackupFixture, type FixtureEntry } from '../testing/backup-fixture.js';

// Issue 16 point 5 (flat memory): the restore listing holds at most a bounded number of entries,
// whatever the backup holds; the totals still count every file, taken in the one checking pass.

let root = '';
let hb = '';
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-listing-'));
  hb = join(root, 'HotBackup');
  await mkdir(hb);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(root, { recursive: true, force: true });
});

const entries: FixtureEntry[] = [
  { path: 'data', type: 'Directory' },
  { path: 'data/sub', type: 'Directory' },
  ...Array.from({ length: 5 }, (_, i) => ({ path: `data/sub/f${i}.txt`, content: 'x'.repeat(10 * (i + 1)) })),
];

describe('listManifest', () => {
  it('lists the first entries up to the limit and totals every file and byte of the backup', async () => {
    await makeBackupFixture(hb, '26113010', entries, { offsets: true });
    const kept = vi.spyOn(ManifestReader.prototype, 'kept');
    const entriesRead = vi.spyOn(ManifestReader.prototype, 'entries');
    const l = await listManifest(hb, '26113010', join(root, 'restores'), [], 3);
    expect(l.entries.map((e) => e.path)).toEqual(['data', 'data/sub', 'data/sub/f0.txt']);
    expect(l.total).toEqual({ entries: 7, files: 5, bytes: 150 });
    // One pass over MANIFEST.json (the checking one): the entries are not read again nor held.
    expect(kept).not.toHaveBeenCalled();
    expect(entriesRead).not.toHaveBeenCalled();
  });

  it('lists a small backup whole, and nothing but the totals with a limit of 0', async () => {
    await makeBackupFixture(hb, '26113011', entries, { offsets: true });
    const all = await listManifest(hb, '26113011', join(root, 'restores'));
    expect(LISTING_MAX_ENTRIES).toBeGreaterThan(entries.length);
    expect(all.entries).toHaveLength(7);
    expect(all.entries[6]).toEqual({ path: 'data/sub/f4.txt', kind: 'file', size: 50, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const none = await listManifest(hb, '26113011', join(root, 'restores'), [], 0);
    expect(none.entries).toEqual([]);
    expect(none.total).toEqual(all.total);
  });
});
