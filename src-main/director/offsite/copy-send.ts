import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import type { SendFile } from './copy-staging.js';
import { rclone, rcloneRaw, remoteJoin, type RcloneTarget } from './rclone.js';

// Sending one file of a copy and checking it on the target: by the remote's own hash (SHA-256 or
// MD5, as rclone lists them) where it has one, else by downloading it and hashing (the sample the
// admin sets). A file already there with the right hash is not sent again (a resumed copy).

export interface RemoteFile {
  size: number;
  hashes: Record<string, string>;
}

export interface SendHooks {
  signal?: AbortSignal;
  /** Bytes of the current file sent so far (from rclone's stats). */
  onBytes?: (sent: number) => void;
  /** Told each upload's rclone process ID. */
  onSpawn?: (pid: number, file: string) => void;
}

/** The remote's files in one copy's folder: name → size and hashes (none when the folder is missing). */
export async function remoteFiles(t: RcloneTarget, dir: string, signal?: AbortSignal): Promise<Map<string, RemoteFile>> {
  const r = await rcloneRaw(t, ['lsjson', '--hash', '--files-only', dir], { signal });
  if (r.code !== 0) {
    if (/directory not found/i.test(r.stderr)) return new Map();
    await rclone(t, ['lsjson', '--files-only', dir], { signal });
  }
  const list = JSON.parse(r.stdout || '[]') as { Name: string; Size: number; Hashes?: Record<string, string> }[];
  return new Map(list.map((f) => [f.Name, { size: f.Size, hashes: Object.fromEntries(Object.entries(f.Hashes ?? {}).map(([k, v]) => [k.toLowerCase(), v.toLowerCase()])) }]));
}

/** The remote's own hash compared, or null when it has neither SHA-256 nor MD5 for the file. */
export function hashVerdict(f: Pick<SendFile, 'sha256' | 'md5'>, remote: RemoteFile): boolean | null {
  if (remote.hashes.sha256) return remote.hashes.sha256 === f.sha256;
  if (remote.hashes.md5) return remote.hashes.md5 === f.md5;
  return null;
}

/** Download a file from the target and hash it. */
export async function downloadedSha256(t: RcloneTarget, path: string, signal?: AbortSignal): Promise<{ size: number; sha256: string }> {
  const h = createHash('sha256');
  let size = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      h.update(chunk);
      size += chunk.length;
      done();
    },
  });
  await rclone(t, ['cat', path], { stdout: sink, signal });
  return { size, sha256: h.digest('hex') };
}

/**
 * Is the file on the target as sent? `download` says whether to download it when the remote
 * has no hash (the sample); without a hash and not sampled, the size alone is compared.
 */
export async function matchesOnTarget(t: RcloneTarget, dir: string, f: SendFile, remote: RemoteFile | undefined, download: boolean, signal?: AbortSignal): Promise<boolean> {
  if (!remote || remote.size !== f.size) return false;
  const byHash = hashVerdict(f, remote);
  if (byHash !== null) return byHash;
  if (!download) return true;
  const got = await downloadedSha256(t, remoteJoin(dir, f.name), signal);
  return got.size === f.size && got.sha256 === f.sha256;
}

/** Upload one file (`rclone copyto`), reporting rclone's byte count as it goes. */
export async function sendFile(t: RcloneTarget, dir: string, f: SendFile, hooks: SendHooks = {}): Promise<void> {
  const onStderrLine = (line: string) => {
    if (!hooks.onBytes || !line.startsWith('{') || !line.includes('"stats"')) return;
    try {
      const bytes = (JSON.parse(line) as { stats?: { bytes?: number } }).stats?.bytes;
      if (typeof bytes === 'number') hooks.onBytes(bytes);
    } catch {
      // A line cut short: the next stats line counts.
    }
  };
  await rclone(t, ['copyto', '--ignore-times', '--stats', '1s', '--stats-log-level', 'NOTICE', '--use-json-log', f.localPath, remoteJoin(dir, f.name)], { signal: hooks.signal, onStderrLine, onSpawn: (pid) => hooks.onSpawn?.(pid, f.name) });
}

/** Which of n parts a check downloads for `percent` (spread evenly; 100 = all, 0 = none). */
export function sampled(i: number, percent: number): boolean {
  return Math.floor(((i + 1) * percent) / 100) > Math.floor((i * percent) / 100);
}

