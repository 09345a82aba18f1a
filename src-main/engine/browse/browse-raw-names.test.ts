import { describe, expect, it } from 'vitest';
import type { Manifest, ManifestEntry } from '../manifest/manifest.js';
import { buildBrowseIndex, selectionTotals } from './browse-index.js';
import { queryBrowse } from './browse-query.js';
import { selectForRestore } from '../restore/restore-plan.js';
import { byteKey } from '../fs/raw-names.js';
import { base64OfText, bytesFromBase64, RawArchivePath } from '../../../shared/raw-path.js';
import { shownName } from '../../../shared/shown-name.js';

// Names that are not UTF-8: "caf\xe9.txt" and "caf\xe8.txt" both read "caf\uFFFD.txt" as text.
const rawEntry = (bytes: Buffer, size: number, kind: ManifestEntry['kind'] = 'file'): ManifestEntry => ({
  path: bytes.toString('utf8'),
  pathBytes: bytes.toString('base64'),
  kind,
  size,
  mode: 0o644,
  mtime: '2026-11-30T10:00:00.000Z',
  sha256: null,
  source: `/data/x`,
  offset: 0,
});
const at = (s: string, ...b: number[]) => Buffer.concat([Buffer.from(s), Buffer.from(b)]);
const e9 = Buffer.concat([at('Office/caf', 0xe9), Buffer.from('.txt')]);
const e8 = Buffer.concat([at('Office/caf', 0xe8), Buffer.from('.txt')]);
const star = Buffer.from('Office/a*.txt');
const manifest: Manifest = {
  format: 2,
  id: '26113001',
  snapshotAt: '',
  settings: { compression: 'none', volumeSize: 1 << 20, settleAttempts: 5, includeUnsettled: false },
  dataDirectories: [{ path: '/data', label: 'Office', top: 'Office' }],
  totals: { entries: 5, files: 4, bytes: 0, tarBytes: 0 },
  volumes: [],
  entries: [rawEntry(Buffer.from('Office'), 0, 'directory'), rawEntry(e9, 10), rawEntry(e8, 25), rawEntry(star, 3), rawEntry(Buffer.from('Office/ab.txt'), 4)].map((e) =>
    e.pathBytes && Buffer.from(e.pathBytes, 'base64').equals(Buffer.from(e.path)) ? { ...e, pathBytes: undefined } : e,
  ),
};

describe('Browse and restore with names that are not UTF-8', () => {
  it('lists both names, shown with their bytes escaped and carrying the exact bytes; the folder counts both', () => {
    const index = buildBrowseIndex(manifest);
    const { rows } = queryBrowse(index, { folder: 'Office', search: '', sort: 'name', direction: 'ascending', offset: 0, limit: 10 });
    expect(rows.map((r) => r.name)).toEqual(['a*.txt', 'ab.txt', 'caf\\xe8.txt', 'caf\\xe9.txt']);
    expect(rows[3]?.pathBytes).toBe(e9.toString('base64'));
    expect(rows[0]?.pathBytes).toBeUndefined();
    const top = queryBrowse(index, { folder: '', search: '', sort: 'name', direction: 'ascending', offset: 0, limit: 10 }).rows[0];
    expect(top).toMatchObject({ name: 'Office', size: 42, items: 4 });
    expect(selectionTotals(index, [byteKey(e8)])).toEqual({ files: 1, bytes: 25, damagedFiles: 0 });
  });

  it('a restore of exact paths takes exactly those entries: no other name that reads the same, no glob', async () => {
    const sel = await selectForRestore(manifest, [], undefined, [e9, star]);
    expect(sel.items.map((i) => Buffer.from(i.key, 'latin1').toString('hex')).sort()).toEqual([e9.toString('hex'), star.toString('hex')].sort());
    const folder = await selectForRestore(manifest, [], undefined, [Buffer.from('Office')]);
    expect(folder.items).toHaveLength(5);
  });

  it('shows bytes that are not UTF-8 (and control characters) as \\xNN, keeps valid UTF-8 text, and checks exact paths', () => {
    expect(shownName(e9)).toBe('Office/caf\\xe9.txt');
    expect(shownName(Buffer.from('Büro/ü\u{1F600}'))).toBe('Büro/ü\u{1F600}');
    expect(shownName(Buffer.from([0x61, 0x0a, 0xed, 0xa0, 0x80]))).toBe('a\\x0a\\xed\\xa0\\x80');
    expect(bytesFromBase64(base64OfText('Büro'))).toEqual(new Uint8Array(Buffer.from('Büro')));
    expect(RawArchivePath.safeParse(e9.toString('base64')).success).toBe(true);
    expect(RawArchivePath.safeParse(Buffer.from('Office/../etc').toString('base64')).success).toBe(false);
    expect(RawArchivePath.safeParse('not base64!').success).toBe(false);
  });
});
