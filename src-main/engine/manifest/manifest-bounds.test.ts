import { readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TempDirs } from '../testing/engine-fixtures.js';
import { readBackupManifest } from '../restore/manifest-listing.js';
import { makeBackupFixture } from '../testing/backup-fixture.js';
import { verifyBackup } from '../validate/verify-backup.js';
import { formatManifest, type Manifest } from './manifest.js';
import { MAX_UNORDERED_ENTRIES } from './manifest-bounds.js';
import { ManifestReader, readManifestHead } from './manifest-reader.js';

// A crafted backup folder cannot stall the Director: a MANIFEST.json with all its entries on one
// line (tens of megabytes parsed in one piece before) and one listing very many entries out of tar
// order (sorted in one piece before) are refused, naming the file, the cause and the fix, after
// reading a bounded part of them; the Director's thread answers a request meanwhile.

const temps = new TempDirs();
afterAll(() => temps.cleanup());
const ID = '26113007';

/** A real backup whose MANIFEST.json is then rewritten with `count` entries, laid out by `layout`. */
async function craftedBackup(count: number, layout: (m: Manifest) => string, order: 'tar' | 'reversed' = 'tar'): Promise<{ hb: string; dir: string }> {
  const hb = join(temps.make('manifest-bounds'), 'HotBackup');
  const dir = await makeBackupFixture(hb, ID, [{ path: 'data/a.txt', content: 'a' }]);
  const m = JSON.parse(await readFile(join(dir, 'MANIFEST.json'), 'utf8')) as Manifest;
  const first = m.entries[0] as Manifest['entries'][number];
  const entries = Array.from({ length: count }, (_, i) => ({ ...first, path: `data/d${i % 100}/f${i}.txt`, offset: (first.offset ?? 0) + i }));
  if (order === 'reversed') entries.reverse();
  await writeFile(join(dir, 'MANIFEST.json'), layout({ ...m, entries }));
  return { hb, dir };
}

async function withServer<T>(fn: (url: string) => Promise<T>): Promise<T> {
  const server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    return await fn(`http://127.0.0.1:${(server.address() as AddressInfo).port}/status`);
  } finally {
    await new Promise((r) => server.close(r));
  }
}

describe('a crafted MANIFEST.json is read in bounded pieces or refused in words', () => {
  it('all entries on one line: restore and browse refuse it naming the file, the cause and the fix; a request is answered meanwhile', { timeout: 120_000 }, async () => {
    const { hb, dir } = await craftedBackup(200_000, (m) => JSON.stringify(m));
    await withServer(async (url) => {
      const reading = readBackupManifest(hb, ID);
      const answered = fetch(url).then((r) => r.text());
      await expect(reading).rejects.toThrow(/MANIFEST\.json of backup 26113007 is not laid out as HotBackup writes it .*too big to read in one piece: it was rewritten by hand or by another tool\. Put back the MANIFEST\.json the backup wrote, or restore this backup with its RESTORE\.sh/);
      expect(await answered).toBe('ok');
    });
    // Not called damaged: nothing says "hotbackup verify" would show more.
    await expect(readBackupManifest(hb, ID)).rejects.not.toThrow(/hotbackup verify/);
    // Verify says the same in its report; the listing's head reading gives up at the long line.
    const report = await verifyBackup(dir);
    expect(report.ok).toBe(false);
    expect(report.problems.join(' ')).toMatch(/is not laid out as HotBackup writes it .*RESTORE\.sh/);
    expect(await readManifestHead(join(dir, 'MANIFEST.json'))).toBeNull();
  });

  it('a small manifest laid out otherwise is still read whole', async () => {
    const { hb } = await craftedBackup(100, (m) => JSON.stringify(m));
    expect((await readBackupManifest(hb, ID)).manifest.entries).toHaveLength(100);
  });

  it(`more than ${MAX_UNORDERED_ENTRIES} entries out of tar order are refused in words; a request is answered meanwhile`, { timeout: 120_000 }, async () => {
    const { hb, dir } = await craftedBackup(MAX_UNORDERED_ENTRIES + 1, formatManifest, 'reversed');
    await withServer(async (url) => {
      const reading = readBackupManifest(hb, ID);
      const answered = fetch(url).then((r) => r.text());
      await expect(reading).rejects.toThrow(/MANIFEST\.json of backup 26113007 lists its 100001 entries out of tar order .*rewritten by hand or by another tool.*RESTORE\.sh/);
      expect(await answered).toBe('ok');
    });
    const report = await verifyBackup(dir);
    expect(report.problems.join(' ')).toMatch(/out of tar order/);
  });

  it('as many entries in tar order are read, and a few out of order still are', { timeout: 120_000 }, async () => {
    const { dir } = await craftedBackup(MAX_UNORDERED_ENTRIES + 1, formatManifest);
    const r = await ManifestReader.open(join(dir, 'MANIFEST.json'), 'MANIFEST.json');
    expect([r.count, r.ascending]).toEqual([MAX_UNORDERED_ENTRIES + 1, true]);
    await r.close();
    const few = await craftedBackup(50, formatManifest, 'reversed');
    const s = await ManifestReader.open(join(few.dir, 'MANIFEST.json'), 'MANIFEST.json');
    expect([s.count, s.ascending]).toEqual([50, false]);
    await s.close();
  });
});
