import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { settings, TempDirs } from '../testing/engine-fixtures.js';
import { formatManifest, MANIFEST_FORMAT, type Manifest, type ManifestEntry } from './manifest.js';
import { ManifestReader, readManifestHead } from './manifest-reader.js';

const temps = new TempDirs();
afterAll(() => temps.cleanup());

const entry = (i: number, offset = i * 1024): ManifestEntry => ({
  path: `d/f-${i}-${'é'.repeat(i % 3)}.txt`, kind: 'file', size: i, mode: 0o644, mtime: '2026-11-30T00:00:00.000Z', sha256: 'a'.repeat(64), uid: 0, gid: 0, source: `/data/f-${i}`, offset,
});
const manifestWith = (entries: ManifestEntry[]): Manifest => ({
  format: MANIFEST_FORMAT, id: '26113001', snapshotAt: '2026-11-30T00:00:00+00:00', settings: settings(), dataDirectories: [{ path: '/data', label: 'd', top: 'd' }],
  totals: { entries: entries.length, files: entries.length, bytes: 0, tarBytes: 2048 }, memberSize: 1024,
  volumes: [{ name: 'BACKUP.001', size: 10, sha256: 'b'.repeat(64) }], members: [{ volume: 1, offset: 0, tar: 0 }], entries,
});

async function read(text: string): Promise<{ head: unknown; entries: ManifestEntry[]; count: number; ascending: boolean; lineByLine: boolean }> {
  const file = join(temps.make('manifest-reader'), 'MANIFEST.json');
  writeFileSync(file, text);
  const r = await ManifestReader.open(file, 'MANIFEST.json');
  try {
    return { head: r.head, entries: [...r.entries()], count: r.count, ascending: r.ascending, lineByLine: r.lineByLine };
  } finally {
    await r.close();
  }
}

describe('ManifestReader', () => {
  it.each([0, 1, 2, 5000])('reads %i entries of a written manifest a line at a time, as JSON.parse would', async (n) => {
    const m = manifestWith(Array.from({ length: n }, (_, i) => entry(i)));
    const { entries, ...head } = m;
    const got = await read(formatManifest(m));
    expect(got.head).toEqual(head);
    expect(got.entries).toEqual(entries);
    expect(got.count).toBe(n);
    expect(got.ascending).toBe(true);
    expect(got.lineByLine).toBe(true);
  });

  it.each([
    ['indented by JSON.stringify', (m: Manifest) => JSON.stringify(m, null, 2)],
    ['on one line', (m: Manifest) => JSON.stringify(m)],
  ])('reads a manifest laid out otherwise (%s) whole', async (_name, layout) => {
    const m = manifestWith([entry(0), entry(2, 100), entry(1, 50)]);
    const got = await read(layout(m));
    expect(got.entries).toEqual(m.entries);
    expect(got.ascending).toBe(false);
    expect(got.lineByLine).toBe(false);
  });

  it('reads entries out of tar order, and a manifest without its last line break, a line at a time', async () => {
    const m = manifestWith([entry(0), entry(2, 100), entry(1, 50)]);
    const got = await read(formatManifest(m).trimEnd());
    expect(got.entries).toEqual(m.entries);
    expect([got.lineByLine, got.ascending]).toEqual([true, false]);
  });

  it('says an entry far down the list is damaged, naming it, before any entry is handed out', async () => {
    const m = manifestWith(Array.from({ length: 3000 }, (_, i) => entry(i)));
    const text = formatManifest(m).replace('"path":"d/f-2500-é.txt","kind":"file"', '"path":"d/f-2500-é.txt","kind":"fifo"');
    await expect(read(text)).rejects.toThrow(/MANIFEST\.json is damaged \(entries\.2500\.kind .*\); the backup cannot be checked without it\./);
  });

  it('refuses a newer format and a manifest that is not JSON, in words', async () => {
    await expect(read(formatManifest({ ...manifestWith([entry(0)]), format: MANIFEST_FORMAT + 1 }))).rejects.toThrow(/newer than this HotBackup reads/);
    await expect(read(formatManifest(manifestWith([entry(0)])).slice(0, -40))).rejects.toThrow(/is not valid JSON/);
  });

  it('reads only the head for listings, and gives null for a manifest laid out otherwise', async () => {
    const m = manifestWith([entry(0), entry(1)]);
    const { entries: _e, ...head } = m;
    const dir = temps.make('manifest-head');
    writeFileSync(join(dir, 'a.json'), formatManifest(m));
    writeFileSync(join(dir, 'b.json'), JSON.stringify(m));
    expect(await readManifestHead(join(dir, 'a.json'))).toEqual({ ...head, entries: [] });
    expect(await readManifestHead(join(dir, 'b.json'))).toBeNull();
  });
});
