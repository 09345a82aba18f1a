import { mkdtemp, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { formatVerify } from '../../hosts/cli/vault-format.js';
import { MAX_BAD_ENTRIES } from './verify-backup.js';
import { makeBackupFixture } from '../testing/backup-fixture.js';
import { verifyStoredBackup } from './verify-stored.js';

// Issue 16 point 5 (flat memory): a lost volume can spoil every entry of a backup; the verify
// result names the first MAX_BAD_ENTRIES and counts the rest, whatever the backup holds.

let hb = '';
beforeEach(async () => {
  hb = await mkdtemp(join(tmpdir(), 'hb-verify-many-'));
});
afterEach(async () => rm(hb, { recursive: true, force: true }));

it('names at most MAX_BAD_ENTRIES bad entries and counts every one', async () => {
  const files = MAX_BAD_ENTRIES + 300;
  const entries = [{ path: 'data', type: 'Directory' as const }, ...Array.from({ length: files }, (_, i) => ({ path: `data/f${i}.txt`, content: 'x' }))];
  await makeBackupFixture(hb, '26113030', entries, { compression: 'gzip', volumeSize: 1024 * 1024 * 1024 });
  // The only volume cut to nothing: every file in it is bad.
  await truncate(join(hb, 'Recent', '26113030', 'BACKUP.001'), 0);
  const r = await verifyStoredBackup(hb, '26113030');
  expect(r.ok).toBe(false);
  expect(r.badEntries).toHaveLength(MAX_BAD_ENTRIES);
  expect(r.badEntriesTotal).toBeGreaterThan(MAX_BAD_ENTRIES);
  expect(r.problems.join('\n')).toContain(`${r.badEntriesTotal} of ${entries.length} entries are bad`);
  expect(formatVerify(r)).toContain(`… and ${(r.badEntriesTotal as number) - 20} more entries`);
});
