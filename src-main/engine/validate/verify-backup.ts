import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entryLinkBytes, entryPathBytes, MANIFEST_NAME, type ManifestEntry, type ManifestHead } from '../manifest/manifest.js';
import { ManifestReader } from '../manifest/manifest-reader.js';
import { Pacer } from '../plan/glob-match.js';
import { byteKey, keyShown } from '../fs/raw-names.js';
import { shownName } from '../../../shared/shown-name.js';
import { checkSqliteFile } from '../snapshot/sqlite-snapshot.js';
import { isSqliteReport, SqliteChild } from '../snapshot/sqlite-child.js';
import { HashThread } from '../stream/hash-thread.js';
import { layoutOf, StoredBytes, tarPieces } from '../tar/archive-reader.js';
import { TarFormatError, TarParser, type ParsedEntry } from '../tar/tar-parse.js';
import { entryLookup } from './entry-lookup.js';
import { checkVolumes, type VolumeCheck } from './volume-reader.js';

/** Bad entries a verify names one by one; the rest are counted (badEntriesTotal). */
export const MAX_BAD_ENTRIES = 1_000;

export interface EntryProblem {
  path: string;
  problem: string;
  /** The volume that holds the entry's first byte; null if unknown. */
  volume: string | null;
}

export interface VerifyReport {
  ok: boolean;
  backupPath: string;
  id: string | null;
  volumes: VolumeCheck[];
  entriesExpected: number;
  entriesChecked: number;
  /** The first MAX_BAD_ENTRIES bad entries (a lost volume can spoil a million: the list stays bounded). */
  badEntries: EntryProblem[];
  /** Every bad entry, listed or not. */
  badEntriesTotal: number;
  /** Everything wrong, one line each, for a person. */
  problems: string[];
}

export interface VerifyOptions {
  signal?: AbortSignal;
  /** `filesChecked`: file and database entries checked so far (the run's one file count). */
  onProgress?(bytesDone: number, bytesTotal: number, current: string | null, filesChecked: number): void;
  /** Also run PRAGMA quick_check on each database in the archive (extracted to a temp folder). */
  checkSqlite?: boolean;
  /**
   * Hash every entry's content against its SHA-256 in the manifest (default). The run's own
   * validation passes false: it checks volumes, the tar to its end and every header, not contents.
   */
  checkContent?: boolean;
  tempDir?: string;
}

const ZEROS = Buffer.alloc(1024 * 1024);
const tarTypeOf = (m: ManifestEntry) => (m.hardlink ? '1' : m.kind === 'directory' ? '5' : m.kind === 'symlink' ? '2' : '0');
const typeName: Record<string, string> = { '0': 'file', '1': 'hard link', '2': 'symbolic link', '5': 'folder' };

interface Reading {
  m: ManifestEntry;
  hash: Hash | null;
  hashed: number;
  fd: number | null;
  file: string | null;
}

/**
 * Check a stored backup against its manifest: every volume's size and SHA-256, the tar parsed
 * to its end, every entry's header (path, type, size, link, position) and, unless told not to,
 * every entry's SHA-256 and the databases' quick_check. Never throws for damage: it reports
 * which volumes and which entries are bad.
 */
export async function verifyBackup(backupPath: string, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const report: VerifyReport = { ok: false, backupPath, id: null, volumes: [], entriesExpected: 0, entriesChecked: 0, badEntries: [], badEntriesTotal: 0, problems: [] };
  let manifest: ManifestReader;
  try {
    // Checked in slices: a million-entry manifest must not stop the Director answering meanwhile.
    manifest = await ManifestReader.open(join(backupPath, MANIFEST_NAME), `${MANIFEST_NAME} in "${backupPath}"`, { pacer: new Pacer() });
  } catch (err) {
    report.problems.push((err as NodeJS.ErrnoException).code === 'ENOENT' ? `${MANIFEST_NAME} is missing in "${backupPath}": this folder is not a complete backup.` : (err as Error).message);
    return report;
  }
  try {
    return await verifyAgainst(manifest, backupPath, report, opts);
  } finally {
    await manifest.close();
  }
}

async function verifyAgainst(manifest: ManifestReader, backupPath: string, report: VerifyReport, opts: VerifyOptions): Promise<VerifyReport> {
  let filesChecked = 0;
  report.id = manifest.head.id;
  report.entriesExpected = manifest.count;
  const layout = layoutOf(backupPath, manifest.head);
  const stored = new StoredBytes(layout);
  const checkContent = opts.checkContent !== false;
  const lookup = entryLookup(manifest, layout.tarBytes);
  const temp = checkContent && opts.checkSqlite !== false ? await mkdtemp(join(opts.tempDir ?? tmpdir(), 'hb-verify-')) : null;
  const sqliteChecks: { m: ManifestEntry; file: string }[] = [];
  const total = layout.tarBytes ?? stored.total;

  /** The volumes an entry's bytes lie in (exact with offsets: through the member index with gzip). */
  const volumesOf = (m: ManifestEntry | undefined, at?: number): string[] => {
    const start = m?.offset ?? at;
    if (typeof start !== 'number') return [];
    const end = Math.max(start + 1, (m && lookup.endOf(m)) ?? start + 1);
    let first: number;
    let last: number;
    if (!layout.gzip) {
      first = stored.volumeAt(start);
      last = stored.volumeAt(end - 1);
    } else {
      const ms = layout.members;
      if (!ms) return [];
      let k = 0;
      while (k + 1 < ms.length && (ms[k + 1]?.tar ?? Infinity) <= start) k++;
      let j = k;
      while (j + 1 < ms.length && (ms[j + 1]?.tar ?? Infinity) < end) j++;
      first = (ms[k]?.volume ?? 1) - 1;
      last = j + 1 < ms.length ? (ms[j + 1]?.volume ?? 1) - 1 : layout.volumes.length - 1;
    }
    return layout.volumes.slice(first, last + 1).map((v) => v.name);
  };
  const blamed: [EntryProblem, string[]][] = [];
  const shownEntry = (m: ManifestEntry) => shownName(entryPathBytes(m));
  const bad = (path: string, problem: string, m?: ManifestEntry, at?: number) => {
    report.badEntriesTotal++;
    if (report.badEntries.length >= MAX_BAD_ENTRIES) return;
    const p: EntryProblem = { path, problem, volume: null };
    report.badEntries.push(p);
    blamed.push([p, volumesOf(m, at)]);
  };

  let cur: Reading | null = null;
  const sink = {
    entry(e: ParsedEntry) {
      const key = byteKey(e.path);
      const found = lookup.find(e.offset, key);
      const m = found?.m ?? null;
      cur = null;
      if (!m || byteKey(entryPathBytes(m)) !== key) {
        const want = m ? ` where the manifest has "${shownEntry(m)}"` : '';
        bad(keyShown(key), `in the archive at tar byte ${e.offset} but not in the manifest${want}`, undefined, e.offset);
        return;
      }
      if (found?.twice) bad(shownEntry(m), 'appears twice in the archive', m);
      report.entriesChecked++;
      if (m.kind === 'file' || m.kind === 'sqlite') filesChecked++;
      const want = tarTypeOf(m);
      if (e.type !== want) bad(shownEntry(m), `is a ${typeName[e.type] ?? `type ${e.type}`} in the archive, the manifest says ${m.hardlink ? 'hard link' : m.kind}`, m);
      else if (want === '0' && e.size !== m.size) bad(shownEntry(m), `has ${e.size} bytes in the archive, the manifest says ${m.size}`, m);
      else if ((want === '1' || want === '2') && byteKey(e.linkpath) !== byteKey(entryLinkBytes(m))) {
        bad(shownEntry(m), `link points to "${shownName(e.linkpath)}", the manifest says "${shownName(entryLinkBytes(m))}"`, m);
      }
      if (want !== '0' || e.type !== '0') return;
      const file = m.kind === 'sqlite' && temp ? join(temp, `${sqliteChecks.length}.sqlite`) : null;
      cur = { m, hash: checkContent && m.sha256 !== null ? createHash('sha256') : null, hashed: 0, fd: file ? openSync(file, 'w') : null, file };
      if (file) sqliteChecks.push({ m, file });
    },
    data(_e: ParsedEntry, chunk: Buffer, at: number) {
      const c = cur;
      if (!c) return;
      if (c.hash) {
        for (let gap = at - c.hashed; gap > 0; gap -= ZEROS.length) c.hash.update(ZEROS.subarray(0, Math.min(gap, ZEROS.length)));
        c.hash.update(chunk);
      }
      c.hashed = at + chunk.length;
      if (c.fd !== null) writeSync(c.fd, chunk, 0, chunk.length, at);
    },
    end(e: ParsedEntry) {
      const c = cur;
      cur = null;
      if (!c) return;
      if (c.fd !== null) closeSync(c.fd);
      if (!c.hash) return;
      for (let gap = e.size - c.hashed; gap > 0; gap -= ZEROS.length) c.hash.update(ZEROS.subarray(0, Math.min(gap, ZEROS.length)));
      if (c.hash.digest('hex') !== c.m.sha256) bad(shownEntry(c.m), 'content does not match its SHA-256 in the manifest', c.m);
    },
  };
  const abort = (why: string) => {
    const c = cur;
    cur = null;
    if (c?.fd != null) closeSync(c.fd);
    if (c) bad(shownEntry(c.m), why, c.m);
  };

  // Volume hashes on a second thread (re-reading each volume), the tar parse on this one.
  const hasher = new HashThread(0);
  const volumeVerdicts = checkVolumes(backupPath, manifest.head.volumes, hasher, opts.signal);
  let parser = new TarParser(sink, 0);
  let reachedEnd = false;
  const resync = (pos: number, why: string) => {
    abort(why);
    parser = new TarParser(sink, lookup.resumeAt(pos));
  };
  try {
    for await (const piece of tarPieces(layout, 0, Number.MAX_SAFE_INTEGER, opts.signal, true)) {
      if (piece.problem !== undefined) {
        report.problems.push(`The archive cannot be read at tar bytes ${piece.pos}${piece.end < Number.MAX_SAFE_INTEGER ? `-${piece.end}` : ' on'}: ${piece.problem}`);
        if (piece.end > parser.pos) resync(piece.end, `cannot be read: ${piece.problem}`);
        continue;
      }
      let data = piece.data.subarray(Math.max(0, parser.pos - piece.pos));
      if (piece.pos > parser.pos) resync(piece.pos, 'cut off: the archive has a gap here');
      if (piece.pos + piece.data.length <= parser.pos) continue;
      while (data.length > 0) {
        const before = parser.pos;
        try {
          parser.write(data);
          break;
        } catch (err) {
          if (!(err instanceof TarFormatError)) throw err;
          report.problems.push(`tar: ${err.message}`);
          resync(parser.pos, err.message);
          data = data.subarray(Math.max(0, parser.pos - before));
          if (parser.pos >= piece.pos + piece.data.length) break;
        }
      }
      if (parser.ended) reachedEnd = true;
      opts.onProgress?.(Math.min(parser.pos, total), total, null, filesChecked);
    }
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    report.problems.push(`The archive cannot be read: ${(err as Error).message}`);
  } finally {
    report.volumes.push(...(await volumeVerdicts));
    await hasher.close();
  }
  if (cur) abort('cut off: the archive ends inside it');
  if (!reachedEnd && report.problems.length === 0) report.problems.push('The archive ends without its end-of-archive marker: it is cut off.');
  if (layout.tarBytes !== null && reachedEnd && lookup.hasOffsets && report.problems.length === 0 && parser.pos < layout.tarBytes - 1024) {
    report.problems.push(`The archive ends at tar byte ${parser.pos}, the manifest says ${layout.tarBytes}.`);
  }

  // quick_check in the SQLite helper process: a stop request kills it there, whatever the database's size.
  const sqlite = sqliteChecks.length ? new SqliteChild(opts.signal) : null;
  try {
    for (const c of sqliteChecks) {
      try {
        const findings = await checkSqliteFile(sqlite!, c.file);
        if (findings.length) bad(shownEntry(c.m), `SQLite quick_check failed: ${findings.slice(0, 3).join('; ')}`, c.m);
      } catch (err) {
        if (opts.signal?.aborted || !isSqliteReport(err)) throw err;
        bad(shownEntry(c.m), `cannot be opened as SQLite: ${(err as Error).message}`, c.m);
      }
    }
  } finally {
    await sqlite?.close();
    if (temp) await rm(temp, { recursive: true, force: true });
  }

  for (const m of lookup.unseen()) {
    const broken = volumesOf(m).map((n) => report.volumes.find((v) => v.name === n && v.problem)).find((v) => v);
    bad(shownEntry(m), broken ? (broken.problem === 'missing' ? `not reached: ${broken.name} is missing` : `not readable: ${broken.name} ${broken.problem}`) : 'missing from the archive', m);
  }
  // Each bad entry names the damaged volume it lies in (or its first volume).
  for (const [p, vols] of blamed) p.volume = vols.find((n) => report.volumes.some((v) => v.name === n && v.problem)) ?? vols[0] ?? null;
  for (const v of report.volumes) if (v.problem) report.problems.push(`${v.name}: ${v.problem}`);
  await extraVolumes(backupPath, manifest.head, report);
  if (report.badEntries.length) {
    report.problems.push(`${report.badEntriesTotal} of ${manifest.count} entries are bad, first: ${report.badEntries.slice(0, 3).map((b) => `"${b.path}" (${b.problem}${b.volume ? `, in ${b.volume}` : ''})`).join(', ')}`);
  }
  await stored.close();
  report.ok = report.problems.length === 0;
  return report;
}

async function extraVolumes(dir: string, manifest: ManifestHead, report: VerifyReport): Promise<void> {
  const known = new Set(manifest.volumes.map((v) => v.name));
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const n of names) if (/^BACKUP\.\d{3,}$/.test(n) && !known.has(n)) report.problems.push(`${n} is not listed in ${MANIFEST_NAME}: remove it before restoring with cat BACKUP.0*`);
}
