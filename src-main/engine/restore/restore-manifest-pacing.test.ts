import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatManifest, type Manifest } from '../manifest/manifest.js';
import { manifestMac } from '../manifest/manifest-signature.js';
import { copySignedManifest } from './manifest-listing.js';
import { restoreBackup, type RestoreProgress } from './restore-backup.js';
import { makeBackupFixture } from '../testing/backup-fixture.js';

// Issue point 7: reading a backup's MANIFEST.json for a restore (a million entries: seconds of
// parsing) never holds the Director's event loop in one piece. A real HTTP request sent once the
// reading is under way is answered before the reading ends. No times are asserted.

const ID = '26113005';
const COUNT = 1_000_000;
let base: string;
let hb: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'hb-manifest-pacing-'));
  hb = join(base, 'HotBackup');
  await hugeBackup();
}, 300_000);
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

/** A real backup of one file, its MANIFEST.json then grown to a million entries. */
async function hugeBackup(): Promise<void> {
  const dir = await makeBackupFixture(hb, ID, [{ path: 'data/a.txt', content: 'a' }]);
  const m = JSON.parse(await readFile(join(dir, 'MANIFEST.json'), 'utf8')) as Manifest;
  const first = m.entries[0] as Manifest['entries'][number];
  const more = Array.from({ length: COUNT - 1 }, (_, i) => ({ ...first, path: `data/d${i % 1000}/f${i}.txt`, offset: (first.offset ?? 0) + 1 + i }));
  await writeFile(join(dir, 'MANIFEST.json'), formatManifest({ ...m, entries: [first, ...more] }));
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

describe('a million-entry MANIFEST.json is read in slices', () => {
  it('restore: a request sent while the manifest is read is answered before the reading ends', { timeout: 300_000 }, async () => {
    await withServer(async (url) => {
      let readDone = false;
      let answer: Promise<{ text: string; readDoneThen: boolean }> | null = null;
      const onProgress = (p: RestoreProgress) => {
        if (p.step === 'checking' && p.bytesTotal > 0) readDone = true;
        answer ??= fetch(url).then(async (r) => ({ text: await r.text(), readDoneThen: readDone }));
      };
      const restoring = restoreBackup(hb, { id: ID, to: join(base, 'out'), paths: ['nothing/here'] }, { onProgress });
      await expect(restoring).rejects.toThrow(/No entry of backup 26113005 matches "nothing\/here"/);
      expect(answer).not.toBeNull();
      expect(await answer).toEqual({ text: 'ok', readDoneThen: false });
    });
  });

  it('restore-over: the signed copy answers a request meanwhile and vouches for exactly the bytes copied', { timeout: 300_000 }, async () => {
    await withServer(async (url) => {
      let copyDone = false;
      const copy = join(base, 'manifest-copy.json');
      const copying = copySignedManifest(hb, ID, Buffer.alloc(32, 7), copy).then((r) => {
        copyDone = true;
        return r;
      });
      const answered = await fetch(url).then(async (r) => ({ text: await r.text(), copyDoneThen: copyDone }));
      const { digest } = await copying;
      expect(answered).toEqual({ text: 'ok', copyDoneThen: false });
      const copied = await readFile(copy);
      expect(copied.equals(await readFile(join(hb, 'Recent', ID, 'MANIFEST.json')))).toBe(true);
      expect(digest).toBe(manifestMac(Buffer.alloc(32, 7)).update(copied).digest('hex'));
    });
  });
});
