import { describe, expect, it } from 'vitest';
import { shownName } from '../../../shared/shown-name.js';
import { EntryTable } from './entry-table.js';
import { formatPlan } from './plan-format.js';
import type { Plan } from './plan-types.js';

describe('formatPlan', () => {
  it('writes one line per entry and escapes |, line breaks and backslashes in names (and only there)', () => {
    const entries = new EntryTable([{ path: '/data', top: 'data' }]);
    const base = { dataDir: 0, mode: 0o640, mtimeMs: Date.UTC(2026, 10, 20, 8, 30), uid: 0, gid: 0 };
    entries.push({ ...base, kind: 'file', archivePath: 'data/plain.txt', source: '/data/plain.txt', size: 12 });
    entries.push({ ...base, kind: 'file', archivePath: 'data/a|b\\c\nd\r\ne.txt', source: '/data/a|b\\c\nd\r\ne.txt', size: 3 });
    entries.push({ ...base, kind: 'symlink', archivePath: 'data/l', source: '/data/l', size: 0, linkTarget: 'x|y' });
    const plan: Plan = { dataDirectories: [{ path: '/data', label: '', top: 'data' }], entries, totals: { files: 2, sqlite: 0, directories: 0, symlinks: 1, bytes: 15 }, skipped: [] };
    const lines = formatPlan(plan, 'now').split('\n');
    expect(lines.slice(-4)).toEqual([
      'file|12|0640|2026-11-20T08:30:00.000Z|data/plain.txt|/data/plain.txt||',
      'file|3|0640|2026-11-20T08:30:00.000Z|data/a\\pb\\\\c\\nd\\ne.txt|/data/a\\pb\\\\c\\nd\\ne.txt||',
      'symlink|0|0640|2026-11-20T08:30:00.000Z|data/l|/data/l|x\\py|',
      '',
    ]);
  });
});

describe('names that are not UTF-8', () => {
  it('are written byte for byte as HB.LOG shows them (\\xe9), so two names one byte apart are two lines, never both U+FFFD', () => {
    const entries = new EntryTable([{ path: '/data', top: 'data' }]);
    const base = { dataDir: 0, kind: 'file' as const, mode: 0o640, mtimeMs: Date.UTC(2026, 10, 20, 8, 30), uid: 0, gid: 0, size: 1 };
    for (const byte of [0xe9, 0xe8]) {
      const rel = Buffer.from([...Buffer.from('caf'), byte, ...Buffer.from('|x\\.txt')]);
      const archiveBytes = Buffer.concat([Buffer.from('data/'), rel]);
      entries.push({ ...base, archivePath: archiveBytes.toString('utf8'), archiveBytes, source: `/data/${rel.toString('utf8')}` });
    }
    const plan: Plan = { dataDirectories: [{ path: '/data', label: '', top: 'data' }], entries, totals: { files: 2, sqlite: 0, directories: 0, symlinks: 0, bytes: 2 }, skipped: [] };
    const lines = formatPlan(plan, 'now').split('\n').filter((l) => l.startsWith('file|'));
    expect(lines).toEqual([
      'file|1|0640|2026-11-20T08:30:00.000Z|data/caf\\xe9\\px\\\\.txt|/data/caf\\xe9\\px\\\\.txt||',
      'file|1|0640|2026-11-20T08:30:00.000Z|data/caf\\xe8\\px\\\\.txt|/data/caf\\xe8\\px\\\\.txt||',
    ]);
  });
});

describe('planText', () => {
  it('writes a plain entry from the table bytes exactly as the line made from its object', () => {
    // Both data directories, one with a trailing slash; names plain and escaped, non-ASCII, raw (not UTF-8), the directory itself,
    // times with fractions of a millisecond, before 1970 and within one second.
    const roots = [{ path: '/srv/office', top: 'office' }, { path: '/', top: 'root' }];
    const entries = new EntryTable(roots);
    const t0 = Date.UTC(2026, 10, 20, 8, 30, 15);
    const base = { mode: 0o640, uid: 0, gid: 0, size: 0 };
    const add = (dataDir: number, rel: string, mtimeMs: number, more: Partial<Parameters<EntryTable['push']>[0]> = {}) => {
      const r = roots[dataDir] as { path: string; top: string };
      entries.push({ ...base, dataDir, kind: 'file', archivePath: rel ? `${r.top}/${rel}` : r.top, source: rel ? `${r.path.replace(/\/$/, '')}/${rel}` : r.path, mtimeMs, ...more });
    };
    add(0, '', t0, { kind: 'directory', mode: 0o755 });
    add(0, 'a.txt', t0 + 1.75, { size: 12 });
    add(0, 'b.txt', t0 + 999.999, { size: 1 });
    add(0, 'Übersicht ärger.txt', t0 + 1000);
    add(0, 'old.txt', -1234.5, { mode: 0o4755 });
    add(0, 'a|b.txt', t0);
    add(0, 'back\\slash', t0);
    add(1, 'etc/x', t0 + 5);
    add(1, '', t0, { kind: 'directory' });
    entries.push({ ...base, dataDir: 0, kind: 'file', archivePath: 'office/raw-\ufffd', archiveBytes: Buffer.from([...Buffer.from('office/raw-'), 0xff]), source: '/srv/office/raw-\ufffd', mtimeMs: t0 });
    entries.push({ ...base, dataDir: 0, kind: 'symlink', archivePath: 'office/l', source: '/srv/office/l', mtimeMs: t0, linkTarget: 'a.txt' });
    entries.remove(2);
    const plan: Plan = { dataDirectories: roots.map((r) => ({ ...r, label: '' })), entries, totals: { files: 0, sqlite: 0, directories: 0, symlinks: 0, bytes: 0 }, skipped: [] };
    const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\p').replace(/\r?\n/g, '\\n');
    const expected = entries.toArray().map((e) => {
      const extra = e.kind === 'symlink' ? (e.linkTarget ?? '') : '';
      // A raw name (not UTF-8) is written as people are shown it (the test above).
      const name = (text: string, bytes?: Buffer) => (bytes ? shownName(bytes).replace(/\|/g, '\\p') : esc(text));
      return `${e.kind}|${e.size}|${e.mode.toString(8).padStart(4, '0')}|${new Date(e.mtimeMs).toISOString()}|${name(e.archivePath, e.archiveBytes)}|${name(e.source, e.sourcePath)}|${esc(extra)}|`;
    });
    const lines = formatPlan(plan, 'now').split('\n').filter((l) => !l.startsWith('#') && l !== '');
    expect(lines).toEqual(expected);
    // The same lines, spelled out for a few: the removed entry (b.txt) is left out.
    expect(lines.slice(0, 4)).toEqual([
      'directory|0|0755|2026-11-20T08:30:15.000Z|office|/srv/office||',
      'file|12|0640|2026-11-20T08:30:15.001Z|office/a.txt|/srv/office/a.txt||',
      'file|0|0640|2026-11-20T08:30:16.000Z|office/Übersicht ärger.txt|/srv/office/Übersicht ärger.txt||',
      'file|0|4755|1969-12-31T23:59:58.766Z|office/old.txt|/srv/office/old.txt||',
    ]);
    expect(lines).toContain('file|0|0640|2026-11-20T08:30:15.005Z|root/etc/x|/etc/x||');
    expect(lines).toContain('file|0|0640|2026-11-20T08:30:15.000Z|office/raw-\\xff|/srv/office/raw-\\xff||');
  });
});
