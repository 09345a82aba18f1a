import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { encodeHeader, END_OF_ARCHIVE, paddingFor, type TarHeader } from './tar-header.js';
import { TarParser, type ParsedEntry } from './tar-parse.js';

// The header encoder writes every field by hand (one header per file of a run): GNU tar and the
// project's own parser must read back exactly what was given, checksums included.

const b = (s: string) => Buffer.from(s, 'latin1');
const MTIME = Date.UTC(2026, 10, 20, 8, 30, 0) / 1000;
const headers: (TarHeader & { body?: Buffer })[] = [
  { path: b('data/note.txt'), type: '0', stored: 5, body: b('hello'), mode: 0o640, mtime: MTIME, uid: 1000, gid: 100, uname: 'anna', gname: 'staff' },
  { path: b('data/Akte'), type: '5', stored: 0, mode: 0o2750, mtime: MTIME + 1, uid: 0, gid: 0, uname: 'root', gname: 'root' },
  { path: b('data/link'), type: '2', stored: 0, mode: 0o777, mtime: MTIME, uid: 0o7777777, gid: 7, uname: '', gname: '', linkpath: b('note.txt') },
  { path: b(`data/${'long-name-'.repeat(12)}.txt`), type: '0', stored: 0, mode: 0o600, mtime: MTIME, uid: 0o7777777 + 1, gid: 2 ** 31, uname: 'ünï', gname: 'g'.repeat(40) },
  { path: b('data/caf\xe9.txt'), type: '1', stored: 0, mode: 0o644, mtime: 0, uid: 1, gid: 1, uname: 'u'.repeat(31), gname: 'daemon', linkpath: b('data/note.txt') },
];

function archive(): Buffer {
  const parts: Buffer[] = [];
  for (const h of headers) parts.push(encodeHeader(h), ...(h.body ? [h.body, paddingFor(h.body.length)] : []));
  return Buffer.concat([...parts, END_OF_ARCHIVE]);
}

describe('encodeHeader', () => {
  it('is read back field for field by the tar parser (valid checksums, pax records where ustar cannot hold a value)', () => {
    const seen: ParsedEntry[] = [];
    const p = new TarParser({ entry: (e) => seen.push(e), data: () => undefined, end: () => undefined });
    p.write(archive());
    expect(p.ended).toBe(true);
    expect(seen.map((e) => ({ path: e.path.toString('latin1'), type: e.type, mode: e.mode, mtime: e.mtime, uid: e.uid, gid: e.gid, uname: e.uname, gname: e.gname, link: e.linkpath.toString('latin1') }))).toEqual(
      headers.map((h) => ({ path: h.path.toString('latin1'), type: h.type, mode: h.mode, mtime: h.mtime, uid: h.uid, gid: h.gid, uname: h.uname, gname: h.gname, link: h.linkpath?.toString('latin1') ?? '' })),
    );
  });

  it('GNU tar lists every entry with its mode, owner ids, size and time, and no checksum complaint', () => {
    const r = spawnSync('tar', ['--numeric-owner', '--full-time', '-tvf', '-'], { input: archive(), env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' } });
    // This GNU tar does not know `hdrcharset` (the raw-name marker) and says so; nothing else may be said.
    expect(r.stderr.toString().split('\n').filter((l) => l && !l.includes("keyword 'hdrcharset'"))).toEqual([]);
    expect(r.status).toBe(0);
    const lines = r.stdout.toString('latin1').trim().split('\n');
    expect(lines[0]).toMatch(/^-rw-r----- 1000\/100 +5 2026-11-20 08:30:00 data\/note\.txt$/);
    expect(lines[1]).toMatch(/^drwxr-s--- 0\/0 +0 2026-11-20 08:30:01 data\/Akte\/$/);
    expect(lines[2]).toMatch(/^lrwxrwxrwx 2097151\/7 +0 2026-11-20 08:30:00 data\/link -> note\.txt$/);
    expect(lines[3]).toMatch(new RegExp(`^-rw------- 2097152/2147483648 +0 2026-11-20 08:30:00 data/${'long-name-'.repeat(12)}\\.txt$`));
    expect(lines[4]).toMatch(/^hrw-r--r-- 1\/1 +0 1970-01-01 00:00:00 data\/caf\\351\.txt link to data\/note\.txt$/);
  });
});
