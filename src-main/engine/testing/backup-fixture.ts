// Test helper (imported by *.test.ts only): a backup folder in the engine's format —
// tar volumes, MANIFEST.json, HB.LOG and a BACKUP.LOG line — built from a list of entries,
// including entries a real run would never write (crafted `../` names, absolute links).
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Header } from 'tar';
import type { BackupFolderName, BackupRecord } from '../../../shared/vault.js';
import { formatManifest, type Manifest, type ManifestEntry } from '../manifest/manifest.js';
import { updateBackupLog, upsertRecord } from '../vault/backup-log.js';
import { formatHbLogLine } from '../vault/stored-hb-log.js';

export interface FixtureEntry {
  path: string;
  /** Link = hard link; the device and FIFO types are what a crafted archive may hold. */
  type?: 'File' | 'Directory' | 'SymbolicLink' | 'Link' | 'BlockDevice' | 'CharacterDevice' | 'FIFO';
  content?: string | Buffer;
  linkpath?: string;
  /** Permission bits in the tar header (default 0755 folders, 0644 others). */
  mode?: number;
  uid?: number;
  /** false: the entry is slipped into the volumes only (a crafted archive); its MANIFEST.json does not list it. */
  inManifest?: boolean;
}

export interface FixtureOptions {
  folder?: BackupFolderName;
  compression?: 'none' | 'gzip';
  volumeSize?: number;
  result?: BackupRecord['result'];
  /** Record each entry's tar offset (format 2: a restore streams the manifest instead of holding it). */
  offsets?: boolean;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const BLOCK = 512;

function tarOf(entries: FixtureEntry[], offsets: number[] = []): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (const e of entries) {
    offsets.push(at);
    const type = e.type ?? 'File';
    const body = type === 'File' ? Buffer.from(e.content ?? '') : Buffer.alloc(0);
    const mode = e.mode ?? (type === 'Directory' ? 0o755 : 0o644);
    const dev = type === 'BlockDevice' || type === 'CharacterDevice' ? { devmaj: 7, devmin: 0 } : {};
    const h = new Header({ path: type === 'Directory' ? `${e.path}/` : e.path, type, size: body.length, mode, ...(e.uid === undefined ? {} : { uid: e.uid, gid: 0 }), mtime: new Date(2026, 10, 26, 9), linkpath: e.linkpath, ...dev });
    h.encode();
    parts.push(h.block!, body, Buffer.alloc((BLOCK - (body.length % BLOCK)) % BLOCK));
    at += BLOCK + Math.ceil(body.length / BLOCK) * BLOCK;
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(parts);
}

/** Write `<hotBackupFolder>/<folder>/<id>` with volumes cut at `volumeSize`; returns its path. */
export async function makeBackupFixture(hotBackupFolder: string, id: string, entries: FixtureEntry[], opts: FixtureOptions = {}): Promise<string> {
  const folder = opts.folder ?? 'Recent';
  const compression = opts.compression ?? 'gzip';
  const dir = join(hotBackupFolder, folder, id);
  await mkdir(dir, { recursive: true });
  const tarOffsets: number[] = [];
  const tar = tarOf(entries, tarOffsets);
  const stream = compression === 'gzip' ? gzipSync(tar, { level: 1 }) : tar;
  const volumeSize = opts.volumeSize ?? 1024 * 1024;
  const volumes: Manifest['volumes'] = [];
  for (let at = 0, n = 1; at < stream.length || n === 1; at += volumeSize, n++) {
    const part = stream.subarray(at, at + volumeSize);
    const name = `BACKUP.${String(n).padStart(3, '0')}`;
    await writeFile(join(dir, name), part);
    volumes.push({ name, size: part.length, sha256: sha(part) });
  }
  const manifestEntries: ManifestEntry[] = entries.map((e, i) => ({ e, i })).filter(({ e }) => e.inManifest !== false).map(({ e, i }) => {
    const type = e.type ?? 'File';
    const body = Buffer.from(type === 'File' ? (e.content ?? '') : '');
    return {
      path: e.path,
      kind: type === 'Directory' ? 'directory' : type === 'SymbolicLink' ? 'symlink' : 'file',
      size: body.length,
      mode: e.mode ?? (type === 'Directory' ? 0o755 : 0o644),
      mtime: new Date(2026, 10, 26, 9).toISOString(),
      sha256: type === 'File' ? sha(body) : null,
      ...(e.linkpath ? { linkTarget: e.linkpath } : {}),
      ...(type === 'Link' ? { hardlink: true } : {}),
      source: `/data/${e.path}`,
      ...(opts.offsets ? { offset: tarOffsets[i] as number } : {}),
    };
  });
  const files = manifestEntries.filter((e) => e.kind === 'file').length;
  const bytes = manifestEntries.reduce((s, e) => s + e.size, 0);
  const manifest: Manifest = {
    format: opts.offsets ? 2 : 1,
    id,
    snapshotAt: '2026-11-26T09:00:01.000+00:00',
    settings: { compression, volumeSize, settleAttempts: 5, includeUnsettled: false },
    dataDirectories: [{ path: '/data', label: '', top: 'data' }],
    totals: { entries: entries.length, files, bytes, tarBytes: tar.length },
    volumes,
    entries: manifestEntries,
  };
  await writeFile(join(dir, 'MANIFEST.json'), formatManifest(manifest));
  const t0 = new Date(2026, 10, 26, 9, 0, 0);
  const t1 = new Date(2026, 10, 26, 9, 0, 5);
  await writeFile(join(dir, 'HB.LOG'), formatHbLogLine(t0, 'HB_BEGIN_BACKUP', id) + formatHbLogLine(t1, 'HB_SUCCEEDED', `${files} files`));
  const result = opts.result ?? (folder === 'Failed' ? 'Failed' : 'Succeeded');
  await updateBackupLog(hotBackupFolder, (rs) =>
    upsertRecord(rs, {
      id, trigger: 'On Demand', started: '2026-11-26T09:00:00.000+00:00', ended: '2026-11-26T09:00:05.000+00:00',
      result, folder, user: 'frank', task: '', files, bytes, error: result === 'Failed' ? 'disk on fire' : '', foundOnDisk: false,
    }),
  );
  return dir;
}
