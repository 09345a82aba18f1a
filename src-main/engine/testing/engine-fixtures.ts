// Shared by the engine's tests: real temp folders, real hashing, real GNU tar. Not shipped code.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { EngineSettings } from '../../../shared/settings.js';
import { MIB } from '../../../shared/settings.js';
import { MANIFEST_FORMAT, type Manifest } from '../manifest/manifest.js';
import { ManifestEntryWriter, writeManifestFile } from '../manifest/manifest-writer.js';
import type { RunBackupOptions } from '../run/run-types.js';
import type { CapturedEntry } from '../snapshot/captured-entry.js';
import { streamBackup, type StreamContext, type StreamResult } from '../stream/stream-backup.js';

export class TempDirs {
  private dirs: string[] = [];
  make(prefix: string): string {
    const d = mkdtempSync(join(tmpdir(), `hb-${prefix}-`));
    this.dirs.push(d);
    return d;
  }
  cleanup(): void {
    for (const d of this.dirs.splice(0)) {
      spawnSync('chmod', ['-R', 'u+rwx', d]);
      rmSync(d, { recursive: true, force: true });
    }
  }
}

export const settings = (over: Partial<EngineSettings> = {}): EngineSettings => ({ compression: 'gzip', volumeSize: MIB, settleAttempts: 5, includeUnsettled: false, ...over });

export function baseOptions(hotBackupFolder: string, dataDirs: string[], over: Partial<RunBackupOptions> = {}): RunBackupOptions {
  return {
    hotBackupFolder,
    dataDirectories: dataDirs.map((path) => ({ path, label: '', exclude: [] })),
    settings: settings(),
    trigger: 'On Demand',
    user: 'tester',
    task: 'engine test',
    ...over,
  };
}

export const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/**
 * A database's content: schema and every row of every table, hashed. The snapshot copy is made
 * page by page with SQLite's backup API, which rewrites the header's change counter, so databases
 * are compared by content (and checked with integrity_check) rather than byte for byte.
 */
export function sqliteDigest(file: string): string {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const h = createHash('sha256');
    const integrity = db.pragma('integrity_check', { simple: true });
    h.update(`integrity:${String(integrity)}\n`);
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string; sql: string }[];
    for (const t of tables) {
      h.update(`${t.sql}\n`);
      for (const row of db.prepare(`SELECT * FROM "${t.name.replace(/"/g, '""')}" ORDER BY rowid`).raw().iterate()) {
        h.update(JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v)));
      }
    }
    return h.digest('hex');
  } finally {
    db.close();
  }
}

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
const isSqlite = (data: Buffer) => data.length >= 512 && data.subarray(0, 16).equals(SQLITE_MAGIC);

/**
 * Every path under `root` → "file:<sha256>", "sqlite:<content digest>", "dir" or "link:<target>":
 * what a restore must reproduce. SQLite's -wal/-shm files are left out (the copy holds their content).
 */
export function treeDigest(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (abs: string, rel: string) => {
    for (const name of readdirSync(abs).sort()) {
      const a = join(abs, name);
      const r = rel ? `${rel}/${name}` : name;
      const st = lstatSync(a);
      if (st.isSymbolicLink()) out.set(r, `link:${readlinkSync(a)}`);
      else if (st.isDirectory()) {
        out.set(r, 'dir');
        walk(a, r);
      } else if (!/-(wal|shm|journal)$/.test(name)) {
        const data = readFileSync(a);
        out.set(r, isSqlite(data) ? `sqlite:${sqliteDigest(a)}` : `file:${sha256(data)}`);
      }
    }
  };
  walk(root, '');
  return out;
}

/** Run a shell command; throw with its output when it fails. */
export function sh(command: string, cwd?: string): string {
  const r = spawnSync('sh', ['-c', command], { cwd, encoding: 'utf8', maxBuffer: 64 * MIB });
  if (r.status !== 0) throw new Error(`"${command}" failed (${r.status}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** Stream captured entries into `ctx.backupDir` and write its MANIFEST.json as a run does (id 26112601). */
export async function streamWithManifest(entries: Iterable<CapturedEntry | Promise<void>>, ctx: StreamContext, dataDirectories: Manifest['dataDirectories']): Promise<StreamResult> {
  const list = new ManifestEntryWriter(join(ctx.backupDir, '.manifest-entries'));
  let r: StreamResult;
  try {
    r = await streamBackup(entries, list, ctx);
  } finally {
    list.close();
  }
  await writeManifestFile(join(ctx.backupDir, 'MANIFEST.json'), {
    format: MANIFEST_FORMAT, id: '26112601', snapshotAt: '', settings: ctx.settings, dataDirectories,
    totals: { entries: r.entries, files: r.files, bytes: r.bytes, tarBytes: r.tarBytes },
    ...(r.memberSize ? { memberSize: r.memberSize } : {}), volumes: r.volumes, ...(r.members ? { members: r.members } : {}),
  }, list);
  rmSync(list.path, { force: true });
  return r;
}
