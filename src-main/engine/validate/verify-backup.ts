import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { Parser, type ReadEntry } from 'tar';
import { readOwnFile } from '../fs/no-follow.js';
import { MANIFEST_NAME, parseManifest, type Manifest, type ManifestEntry } from '../manifest/manifest.js';
import { checkSqliteFile } from '../snapshot/sqlite-snapshot.js';
import { HashThread } from '../stream/hash-thread.js';
import { volumeName } from '../stream/volume-writer.js';
import { readVolumes, type VolumeCheck, type VolumeReadState } from './volume-reader.js';

export interface EntryProblem {
  path: string;
  problem: string;
  /** The volume being read when the entry was reached (approximate with gzip); null if never reached. */
  volume: string | null;
}

export interface VerifyReport {
  ok: boolean;
  backupPath: string;
  id: string | null;
  volumes: VolumeCheck[];
  entriesExpected: number;
  entriesChecked: number;
  badEntries: EntryProblem[];
  /** Everything wrong, one line each, for a person. */
  problems: string[];
}

export interface VerifyOptions {
  signal?: AbortSignal;
  onProgress?(bytesDone: number, bytesTotal: number, current: string | null): void;
  /** Also run PRAGMA quick_check on each database in the archive (extracted to a temp folder). */
  checkSqlite?: boolean;
  tempDir?: string;
}

const stripSlash = (p: string) => p.replace(/\/+$/, '');
const kindOk = (m: ManifestEntry, type: string) =>
  (m.kind === 'directory' && type === 'Directory') || (m.kind === 'symlink' && type === 'SymbolicLink') || ((m.kind === 'file' || m.kind === 'sqlite') && (type === 'File' || type === 'OldFile'));

/**
 * Check a stored backup against its manifest: every volume's size and SHA-256, the tar parsed
 * to its end, every entry's type, size and SHA-256, and optionally the databases' quick_check.
 * Never throws for damage: it reports which volumes and which entries are bad.
 */
export async function verifyBackup(backupPath: string, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const report: VerifyReport = { ok: false, backupPath, id: null, volumes: [], entriesExpected: 0, entriesChecked: 0, badEntries: [], problems: [] };
  let manifest: Manifest;
  try {
    manifest = parseManifest(await readOwnFile(join(backupPath, MANIFEST_NAME)), `${MANIFEST_NAME} in "${backupPath}"`);
  } catch (err) {
    report.problems.push((err as NodeJS.ErrnoException).code === 'ENOENT' ? `${MANIFEST_NAME} is missing in "${backupPath}": this folder is not a complete backup.` : (err as Error).message);
    return report;
  }
  report.id = manifest.id;
  report.entriesExpected = manifest.entries.length;
  const expected = new Map(manifest.entries.map((e) => [e.path, e]));
  const seen = new Set<string>();
  const state: VolumeReadState = { checks: report.volumes, current: null, bytesRead: 0 };
  const total = manifest.volumes.reduce((s, v) => s + v.size, 0);
  const sqliteChecks: { path: string; file: string; volume: string | null }[] = [];
  const temp = opts.checkSqlite === false ? null : await mkdtemp(join(opts.tempDir ?? tmpdir(), 'hb-verify-'));
  const bad = (path: string, problem: string, volume: string | null) => report.badEntries.push({ path, problem, volume });

  const warnings: string[] = [];
  const pending: Promise<void>[] = [];
  const open = new Set<string>();
  // Uncompressed, the manifest's offsets say exactly which volumes hold an entry; with gzip the
  // volume being read when the entry is parsed is the best hint there is.
  const volumesOf = (m: ManifestEntry): string[] => {
    if (manifest.settings.compression !== 'none' || typeof m.offset !== 'number') return state.current ? [state.current] : [];
    const vs = manifest.settings.volumeSize;
    const first = Math.floor(m.offset / vs);
    const last = Math.floor((m.offset + 512 + Math.max(0, m.size - 1)) / vs);
    return Array.from({ length: last - first + 1 }, (_, i) => volumeName(first + i + 1));
  };
  // Volume verdicts come in only once a volume is read to its end: name the volume afterwards.
  const toBlame: [EntryProblem, string[]][] = [];
  const blame = (m: ManifestEntry): null => {
    toBlame.push([report.badEntries[report.badEntries.length - 1] as EntryProblem, volumesOf(m)]);
    return null;
  };
  const parser = new Parser({
    onwarn: (code: string, message: string | Error) => warnings.push(`${code}: ${typeof message === 'string' ? message : message.message}`),
    onReadEntry: (entry: ReadEntry) => {
      const path = stripSlash(entry.path);
      const m = expected.get(path);
      if (!m) {
        bad(path, 'in the archive but not in the manifest', state.current);
        entry.resume();
        return;
      }
      if (seen.has(path)) {
        bad(path, 'appears twice in the archive', null);
        blame(m);
      }
      seen.add(path);
      open.add(path);
      report.entriesChecked++;
      if (!kindOk(m, entry.type)) {
        bad(path, `is a ${entry.type} in the archive, the manifest says ${m.kind}`, null);
        blame(m);
      }
      if (m.kind === 'symlink' && entry.header.linkpath !== m.linkTarget) {
        bad(path, `link points to "${entry.header.linkpath}", the manifest says "${m.linkTarget}"`, null);
        blame(m);
      }
      const hash = createHash('sha256');
      let size = 0;
      const out = m.kind === 'sqlite' && temp ? join(temp, `${sqliteChecks.length}.sqlite`) : null;
      const file = out ? createWriteStream(out) : null;
      entry.on('data', (c: Buffer) => {
        hash.update(c);
        size += c.length;
        if (file && !file.write(c)) {
          entry.pause();
          file.once('drain', () => entry.resume());
        }
      });
      entry.on('end', () => {
        open.delete(path);
        opts.onProgress?.(state.bytesRead, total, path);
        if (m.sha256 !== null && size !== m.size) {
          bad(path, `has ${size} bytes, the manifest says ${m.size}`, null);
          blame(m);
        } else if (m.sha256 !== null && hash.digest('hex') !== m.sha256) {
          bad(path, 'content does not match its SHA-256 in the manifest', null);
          blame(m);
        }
        if (file && out) {
          sqliteChecks.push({ path, file: out, volume: volumesOf(m)[0] ?? null });
          pending.push(new Promise<void>((resolve) => file.end(() => resolve())));
        }
      });
    },
  });

  const feed = new Transform({ transform: (chunk, _e, cb) => cb(null, chunk) });
  const stages: NodeJS.ReadWriteStream[] = manifest.settings.compression === 'gzip' ? [createGunzip(), feed] : [feed];
  // Volume hashes on a second thread, entry hashes and the tar parse on this one.
  const hasher = new HashThread(0);
  const volumeBytes = readVolumes(backupPath, manifest.volumes, state, opts.signal, hasher);
  try {
    const source = Readable.from(volumeBytes, { objectMode: false, highWaterMark: 64 * 1024 });
    await pipeline(source, ...(stages as [Transform]), parser as unknown as NodeJS.WritableStream, { signal: opts.signal });
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    report.problems.push(`The archive cannot be read past ${state.current ?? 'its end'}: ${(err as Error).message}`);
  } finally {
    // A parse that stopped early leaves the reader finishing its volume's verdict: wait for it.
    await volumeBytes.return(undefined).catch(() => undefined);
    await hasher.close();
  }
  await Promise.all(pending);
  for (const [problem, vols] of toBlame) problem.volume = vols.find((v) => report.volumes.some((c) => c.name === v && c.problem)) ?? vols[0] ?? null;
  for (const path of open) bad(path, 'cut off: the archive ends inside it', state.current);
  for (const w of warnings) report.problems.push(`tar: ${w} (near ${state.current ?? 'the end'})`);

  for (const c of sqliteChecks) {
    try {
      const findings = checkSqliteFile(c.file);
      if (findings.length) bad(c.path, `SQLite quick_check failed: ${findings.slice(0, 3).join('; ')}`, c.volume);
    } catch (err) {
      bad(c.path, `cannot be opened as SQLite: ${(err as Error).message}`, c.volume);
    }
  }
  if (temp) await rm(temp, { recursive: true, force: true });

  const broken = report.volumes.find((v) => v.problem === 'missing')?.name ?? null;
  for (const m of manifest.entries) if (!seen.has(m.path)) bad(m.path, broken ? `not reached: ${broken} is missing` : 'missing from the archive', null);
  for (const v of report.volumes) if (v.problem) report.problems.push(`${v.name}: ${v.problem}`);
  for (const v of manifest.volumes.slice(report.volumes.length)) report.problems.push(`${v.name}: not read (an earlier volume is missing)`);
  await extraVolumes(backupPath, manifest, report);
  if (report.badEntries.length) {
    report.problems.push(`${report.badEntries.length} of ${manifest.entries.length} entries are bad, first: ${report.badEntries.slice(0, 3).map((b) => `"${b.path}" (${b.problem}${b.volume ? `, in ${b.volume}` : ''})`).join(', ')}`);
  }
  report.ok = report.problems.length === 0;
  return report;
}

async function extraVolumes(dir: string, manifest: Manifest, report: VerifyReport): Promise<void> {
  const known = new Set(manifest.volumes.map((v) => v.name));
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const n of names) if (/^BACKUP\.\d{3,}$/.test(n) && !known.has(n)) report.problems.push(`${n} is not listed in ${MANIFEST_NAME}: remove it before restoring with cat BACKUP.0*`);
}
