import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { OffsiteRestoreSummary } from '../../../shared/offsite.js';
import type { OffsiteTarget } from '../../../shared/offsite-settings.js';
import { HotBackupError } from '../../../shared/result.js';
import { FREE_SPACE_MARGIN, freeBytes } from '../../base/free-space.js';
import { nearestExisting } from '../../base/nearest-existing.js';
import { causeWords, checkRestoreFolder, formatBytes, isDiskFull, readManifestHead, restoreBackup } from '../../engine/index.js';
import { hashFile, type Volume } from './age-parts.js';
import { AGE } from './offsite-keygen.js';
import { catIndexArgs, OFFSITE_INDEX, parseOffsiteIndex } from './offsite-index.js';
import { noteRestoreWork, openTarget, rclone, remoteJoin } from './rclone.js';

// Restore from a target: fetch the copy, check every file against its index (SHA-256), decrypt
// with the admin's age identity, lay the volumes out again as a backup folder and restore it with
// the engine's own restore (whole or some paths; every file checked against MANIFEST.json).

export interface OffsiteRestoreRequest {
  target: OffsiteTarget;
  backupId: string;
  to: string;
  identity?: string;
  identityFile?: string;
  paths?: string[];
  /** The local HotBackup folder (the restore folder must not overlap it). */
  hotBackupFolder?: string;
  workDir: string;
  openSecret: (sealed: string) => string;
  signal?: AbortSignal;
}

const bad = (m: string) => new HotBackupError('BAD_INPUT', m);

export async function restoreFromTarget(req: OffsiteRestoreRequest): Promise<OffsiteRestoreSummary> {
  const to = resolve(req.to);
  // Fetched parts and the rebuilt backup wait beside the restore folder, removed at the end.
  const fetchRoot = join(dirname(to), `.hotbackup-offsite-${req.backupId}-${process.pid}`);
  // The restore folder is checked first: a refusal never comes after the whole copy was fetched.
  await checkRestoreFolder(to, req.hotBackupFolder ?? fetchRoot);
  // It holds decrypted volumes: a note in the work folder names it, so a process killed midway
  // (power cut) has it removed at the next start with its rclone config (removeStaleConfigs).
  const note = await noteRestoreWork(req.workDir, req.backupId, fetchRoot);
  const t = await openTarget(req.target, req.workDir, req.openSecret);
  try {
    const dir = remoteJoin(t.root, req.backupId);
    const indexText = await rclone(t, catIndexArgs(remoteJoin(dir, OFFSITE_INDEX)), { signal: req.signal }).catch(() => {
      throw new HotBackupError('NOT_FOUND', `There is no complete copy of backup ${req.backupId} on "${req.target.label}" (${dir} has no ${OFFSITE_INDEX}): "hotbackup offsite list --target ${req.target.id}" shows the copies there`);
    });
    const index = parseOffsiteIndex(indexText, dir);
    if (index.encrypted && !req.identity && !req.identityFile) throw bad(`The copy of ${req.backupId} on "${req.target.label}" is encrypted: give the age key file (--key key.txt) holding its AGE-SECRET-KEY-1... line`);
    if (req.identity) identityLines(req.identity);
    const parts = join(fetchRoot, 'fetched');
    const backupDir = join(fetchRoot, 'Recent', req.backupId);
    // Checked before anything is fetched: the parts, the volumes decrypted from them and the files restored.
    const copyBytes = index.files.reduce((n, f) => n + f.size, 0);
    const problem = restoreSpaceProblem(dirname(to), req.backupId, req.target.label, copyBytes, index.encrypted, await freeBytes((await nearestExisting(dirname(to)))?.dir ?? dirname(to)));
    if (problem) throw bad(problem);
    await mkdir(parts, { recursive: true, mode: 0o700 });
    await mkdir(backupDir, { recursive: true, mode: 0o700 });
    // Only the files the copy's index lists: whatever else a target holds in the copy's folder is never fetched.
    const list = join(fetchRoot, 'files.txt');
    await writeFile(list, index.files.map((f) => f.name).join('\n') + '\n', { mode: 0o600 });
    await rclone(t, ['copy', '--files-from-raw', list, '--no-traverse', dir, index.encrypted ? parts : backupDir], { signal: req.signal });
    for (const f of index.files) {
      const got = await hashFile(join(index.encrypted ? parts : backupDir, f.name)).catch(() => null);
      if (!got) throw bad(`${f.name} of the copy of ${req.backupId} is missing on "${req.target.label}": the copy is damaged; restore another copy or copy the backup again`);
      if (got.sha256 !== f.sha256 || got.size !== f.size) throw bad(`${f.name} of the copy of ${req.backupId} on "${req.target.label}" is damaged (${got.size} bytes, SHA-256 ${got.sha256.slice(0, 12)}…; its index says ${f.size} bytes, ${f.sha256.slice(0, 12)}…): restore another copy, or copy the backup again`);
    }
    if (index.encrypted) {
      // A pasted key reaches age through a pipe, never a file: a restore cut short leaves no key on disk.
      const key: AgeKey = req.identityFile ? { file: req.identityFile } : { text: req.identity! };
      await ageDecrypt(createReadStream(join(parts, 'MANIFEST.json.age')), key, join(backupDir, 'MANIFEST.json'));
      await ageDecrypt(createReadStream(join(parts, 'HB.LOG.age')), key, join(backupDir, 'HB.LOG'));
      const head = await readManifestHead(join(backupDir, 'MANIFEST.json'));
      const volumes = (head?.volumes ?? []) as Volume[];
      const partFiles = index.files.filter((f) => /^BACKUP\.age\.\d+$/.test(f.name)).map((f) => join(parts, f.name));
      await decryptIntoVolumes(partFiles, key, backupDir, volumes);
      await rm(parts, { recursive: true, force: true });
    }
    const summary = await restoreBackup(fetchRoot, { id: req.backupId, to, paths: req.paths }, { signal: req.signal, record: false });
    if (summary.failed.length) throw bad(`Backup ${req.backupId} from "${req.target.label}" was restored into ${to} except ${summary.failed.length} entries that did not match MANIFEST.json: ${summary.failed.slice(0, 3).map((f) => `"${f.path}" (${f.problem})`).join('; ')}`);
    return { backupId: req.backupId, to, files: summary.files, bytes: summary.bytes, parts: index.files.length, checked: true };
  } catch (err) {
    if (isDiskFull(err) || /no space left on device|too big for remaining disk space/i.test(causeWords(err))) {
      throw bad(`The drive holding ${dirname(to)} became full while backup ${req.backupId} was restored from "${req.target.label}": make room on it, or restore into a folder on a larger drive (the fetched parts and decrypted volumes were removed)`);
    }
    throw err;
  } finally {
    await t.close();
    await rm(fetchRoot, { recursive: true, force: true });
    await rm(note, { force: true });
  }
}

/** Pure: why `free` bytes beside the restore folder are not enough to restore a copy of `copyBytes`, or null. */
export function restoreSpaceProblem(folder: string, backupId: string, label: string, copyBytes: number, encrypted: boolean, free: number): string | null {
  const needed = copyBytes * (encrypted ? 3 : 2) + FREE_SPACE_MARGIN;
  if (free >= needed) return null;
  return (
    `The drive holding ${folder} has ${formatBytes(free)} (${free} bytes) free, but restoring backup ${backupId} from "${label}" needs about ${formatBytes(needed)} (${needed} bytes): ` +
    `the copy's ${formatBytes(copyBytes)} fetched${encrypted ? ', decrypted' : ''} and its files restored. Make room on that drive, or restore into a folder on a larger drive; nothing was fetched`
  );
}

/** The age identity: the admin's key file, or its text (given to age on a pipe). */
export type AgeKey = { file: string } | { text: string };

/**
 * Pure: the bare identity lines of a pasted recovery key. A paste from the printed sheet, an
 * e-mail or a password manager brings a heading, indentation or Windows line ends, and age reads
 * only bare identity lines ("unknown identity type" otherwise); each AGE-SECRET-KEY-1… is kept.
 */
export function identityLines(text: string): string {
  const keys = text.toUpperCase().match(/AGE-SECRET-KEY-1[02-9ACDEFGHJKLMNPQRSTUVWXYZ]+/g) ?? [];
  if (keys.length === 0) throw bad('The pasted recovery key holds no AGE-SECRET-KEY-1… line: paste the line from the recovery sheet (the public key age1… cannot decrypt)');
  return keys.join('\n') + '\n';
}

export function ageDecrypt(input: Readable, keyFile: AgeKey, outFile: string): Promise<void> {
  return runAgeDecrypt(input, keyFile, async (out) => {
    const fh = await open(outFile, 'w', 0o600);
    try {
      for await (const chunk of out) await fh.write(chunk as Buffer);
    } finally {
      await fh.close();
    }
  });
}

/** `cat parts | age -d` cut back into the volumes MANIFEST.json lists, each checked against its SHA-256. */
function decryptIntoVolumes(partFiles: readonly string[], keyFile: AgeKey, backupDir: string, volumes: readonly Volume[]): Promise<void> {
  async function* concat() {
    for (const p of partFiles) for await (const c of createReadStream(p, { highWaterMark: 1 << 20 })) yield c as Buffer;
  }
  return runAgeDecrypt(Readable.from(concat()), keyFile, async (out) => {
    let i = 0;
    let fh = volumes[0] ? await open(join(backupDir, basename(volumes[0].name)), 'w', 0o600) : null;
    let size = 0;
    let h = createHash('sha256');
    const close = async () => {
      const v = volumes[i]!;
      await fh!.close();
      if (size !== v.size || h.digest('hex') !== v.sha256) throw bad(`volume ${v.name} decrypted from the copy does not match MANIFEST.json: the copy is damaged; restore another copy`);
      i += 1;
      size = 0;
      h = createHash('sha256');
      fh = volumes[i] ? await open(join(backupDir, basename(volumes[i]!.name)), 'w', 0o600) : null;
    };
    for await (const chunk of out) {
      let at = 0;
      const buf = chunk as Buffer;
      while (at < buf.length) {
        if (!fh) throw bad('the decrypted copy is longer than its volumes in MANIFEST.json: the copy is damaged; restore another copy');
        const take = Math.min(buf.length - at, volumes[i]!.size - size);
        await fh.write(buf.subarray(at, at + take));
        h.update(buf.subarray(at, at + take));
        size += take;
        at += take;
        if (size === volumes[i]!.size) await close();
      }
    }
    if (fh) throw bad(`the decrypted copy ends inside volume ${volumes[i]!.name}: the copy is damaged; restore another copy`);
  });
}

/**
 * A key given as text reaches age on a real pipe (Node's child pipes are sockets, which age cannot
 * open as /dev/fd/N): sh turns the key (its stdin) and the ciphertext (fd 3) into pipes; no file.
 */
const KEY_ON_PIPE = 'cat | { cat <&3 | "$0" -d -i /dev/fd/4; } 4<&0';

async function runAgeDecrypt(input: Readable, key: AgeKey, consume: (out: Readable) => Promise<void>): Promise<void> {
  const keyText = 'text' in key ? identityLines(key.text) : '';
  const child =
    'file' in key
      ? spawn(AGE, ['-d', '-i', key.file], { stdio: ['pipe', 'pipe', 'pipe'] })
      : spawn('sh', ['-c', KEY_ON_PIPE, AGE], { stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
  const cipherIn = ('file' in key ? child.stdin : child.stdio[3]) as Writable;
  if ('text' in key) {
    child.stdin.on('error', () => undefined);
    child.stdin.end(keyText);
  }
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr = (stderr + s).slice(-4096)));
  const exited = new Promise<number | null>((res, rej) => {
    child.on('error', rej);
    child.on('close', res);
  });
  const results = await Promise.allSettled([pipeline(input, cipherIn), consume(child.stdout), exited]);
  const code = results[2].status === 'fulfilled' ? results[2].value : null;
  if (code !== 0) {
    const why = /no identity matched/i.test(stderr) ? 'the key does not open it (no identity matched: it is not the key this copy was encrypted to)' : stderr.trim().replace(/^age: /, '') || 'age ended without saying why';
    throw bad(`The copy could not be decrypted: ${why}. Give the age key file whose public key is among the target's recipients.`);
  }
  for (const r of results) if (r.status === 'rejected') throw r.reason;
}
