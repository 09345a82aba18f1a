import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { EntryTable } from './entry-table.js';
import type { PlanEntry } from './plan-types.js';

const base = { mode: 0o640, mtimeMs: 1_764_460_800_123.5, uid: 1000, gid: 100 };
const raw = Buffer.from([0x66, 0xff, 0x2e, 0x74]);
const entries: PlanEntry[] = [
  { ...base, kind: 'directory', dataDir: 0, archivePath: 'Office', source: '/data/office', size: 0 },
  { ...base, kind: 'file', dataDir: 0, archivePath: 'Office/a/b.txt', source: '/data/office/a/b.txt', size: 12 },
  { ...base, kind: 'file', dataDir: 0, archivePath: 'Office/a/b2.txt', source: '/data/office/a/b2.txt', size: 12, hardlink: true, inode: '1:2', linkTarget: 'Office/a/b.txt' },
  { ...base, kind: 'sqlite', dataDir: 1, archivePath: 'Books/books.db', source: '/srv/books/books.db', size: 4096, companions: ['/srv/books/books.db-wal'] },
  { ...base, kind: 'symlink', dataDir: 1, archivePath: 'Books/l', source: '/srv/books/l', size: 0, linkTarget: 'books.db' },
  { ...base, kind: 'file', dataDir: 1, archivePath: `Books/${raw.toString('utf8')}`, archiveBytes: Buffer.concat([Buffer.from('Books/'), raw]), source: `/srv/books/${raw.toString('utf8')}`, sourcePath: Buffer.concat([Buffer.from('/srv/books/'), raw]), size: 3, sparse: true, mode: 0o7777, uid: 4_000_000_000 },
  { ...base, kind: 'file', dataDir: 0, archivePath: 'Office/odd', source: '/elsewhere/odd', size: 1 },
  { ...base, kind: 'file', dataDir: 0, archivePath: 'Office/Ärger 😀/Müller.txt', source: '/data/office/Ärger 😀/Müller.txt', size: 5 },
];
const roots = [{ path: '/data/office', top: 'Office' }, { path: '/srv/books', top: 'Books' }];

describe('EntryTable', () => {
  it('gives back every field of every entry as it was put in, names as exact bytes', () => {
    const t = new EntryTable(roots);
    for (const e of entries) t.push(e);
    expect(t.length).toBe(entries.length);
    expect(t.toArray()).toEqual(entries.map((e) => ({ ...e, content: null })));
    expect([t.kindAt(3), t.sizeAt(3), t.isHardlink(2), t.isHardlink(1)]).toEqual(['sqlite', 4096, true, false]);
  });

  it('keeps what was captured, leaves removed entries out, and lets memory captures go once streamed', () => {
    const t = new EntryTable(roots);
    for (const e of entries) t.push(e);
    t.spillPath = '/stage/small-files.spill';
    t.setContent(1, { kind: 'memory', data: Buffer.from('hello world!') }, 12);
    t.setContent(3, { kind: 'file', path: '/stage/0.sqlite' }, 8192);
    t.setContent(5, { kind: 'file', path: '/stage/5.file', sparse: [[0, 1], [10, 2]] }, 3);
    t.setContent(6, { kind: 'file', path: '/stage/small-files.spill', offset: 77 }, 1);
    t.update(6, { unsettled: 'kept changing' });
    t.remove(4);
    const got = [...t.captured()].map((e) => [e.archivePath, e.size, e.content, e.unsettled]);
    expect(got).toEqual([
      ['Office', 0, null, undefined],
      ['Office/a/b.txt', 12, { kind: 'memory', data: Buffer.from('hello world!') }, undefined],
      ['Office/a/b2.txt', 12, null, undefined],
      ['Books/books.db', 8192, { kind: 'file', path: '/stage/0.sqlite' }, undefined],
      [entries[5]?.archivePath, 3, { kind: 'file', path: '/stage/5.file', sparse: [[0, 1], [10, 2]] }, undefined],
      ['Office/odd', 1, { kind: 'file', path: '/stage/small-files.spill', offset: 77 }, 'kept changing'],
      ['Office/Ärger 😀/Müller.txt', 5, null, undefined],
    ]);
    expect(t.count).toBe(7);
    expect(t.get(1).content).toBeNull();
    expect([...t.linkedIndices()]).toEqual([2]);
  });

  it('holds 100,000 entries in a few megabytes of typed arrays and one name arena', () => {
    // What the table keeps (heap and typed-array buffers), not the garbage its inputs leave: a full
    // collection before each reading (heapUsed alone counts uncollected garbage, which varies with load).
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const t = new EntryTable(roots);
    const used = () => process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    gc();
    const before = used();
    for (let i = 0; i < 100_000; i++) t.push({ ...base, kind: 'file', dataDir: 0, archivePath: `Office/folder-${i % 1000}/file-${i}.txt`, source: `/data/office/folder-${i % 1000}/file-${i}.txt`, size: i });
    gc();
    const kept = used() - before;
    expect(t.get(98_765).source).toBe('/data/office/folder-765/file-98765.txt');
    // Objects would take ~1 KB an entry (100 MB); the table keeps about 110 bytes an entry (11 MB) here.
    expect(kept).toBeLessThan(30 * 1024 * 1024);
  });
});
