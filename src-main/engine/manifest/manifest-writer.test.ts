import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { settings, TempDirs } from '../testing/engine-fixtures.js';
import { formatManifest, MANIFEST_FORMAT, type Manifest, type ManifestEntry } from './manifest.js';
import { signManifest } from './manifest-signature.js';
import { ManifestEntryWriter, writeManifestFile } from './manifest-writer.js';

const temps = new TempDirs();
afterAll(() => temps.cleanup());

const entry = (i: number): ManifestEntry => ({
  path: `d/f-${i}-${'é'.repeat(i % 3)}.txt`, kind: 'file', size: i, mode: 0o644, mtime: '2026-11-30T00:00:00.000Z', sha256: 'a'.repeat(64), uid: 0, gid: 0, source: `/data/f-${i}`, offset: i * 1024,
});

function manifestWith(entries: ManifestEntry[]): Manifest {
  return {
    format: MANIFEST_FORMAT, id: '26113001', snapshotAt: '2026-11-30T00:00:00+00:00', settings: settings(), dataDirectories: [{ path: '/data', label: 'd', top: 'd' }],
    totals: { entries: entries.length, files: entries.length, bytes: 0, tarBytes: 2048 }, memberSize: 1024,
    volumes: [{ name: 'BACKUP.001', size: 10, sha256: 'b'.repeat(64) }], members: [{ volume: 1, offset: 0, tar: 0 }], entries,
  };
}

describe('writeManifestFile', () => {
  it.each([0, 1, 3, 20_000])('writes %i entries streamed, byte for byte what formatManifest gives, and signs those bytes', async (n) => {
    const dir = temps.make('manifest-writer');
    const m = manifestWith(Array.from({ length: n }, (_, i) => entry(i)));
    const list = new ManifestEntryWriter(join(dir, 'entries'));
    for (const e of m.entries) list.add(e);
    list.close();
    const { entries: _e, ...head } = m;
    const key = Buffer.alloc(32, 7);
    const sig = await writeManifestFile(join(dir, 'MANIFEST.json'), head, list, key);
    const written = readFileSync(join(dir, 'MANIFEST.json'));
    expect(written.toString('utf8')).toBe(formatManifest(m));
    expect(JSON.parse(written.toString('utf8'))).toEqual(m);
    expect(sig).toBe(signManifest(written, key));
  });

  it('replaces an older MANIFEST.json whole', async () => {
    const dir = temps.make('manifest-writer');
    writeFileSync(join(dir, 'MANIFEST.json'), 'x'.repeat(100_000));
    const list = new ManifestEntryWriter(join(dir, 'entries'));
    list.add(entry(1));
    list.close();
    const { entries: _e, ...head } = manifestWith([entry(1)]);
    expect(await writeManifestFile(join(dir, 'MANIFEST.json'), head, list)).toBeNull();
    expect(readFileSync(join(dir, 'MANIFEST.json'), 'utf8')).toBe(formatManifest(manifestWith([entry(1)])));
  });
});
