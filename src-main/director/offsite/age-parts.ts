import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { AGE } from './offsite-keygen.js';
import { partName, type IndexedFile } from './offsite-index.js';
import { OffsiteError } from './rclone.js';

// The volumes of a backup as ONE age stream cut into parts (BACKUP.age.001, …), so
// `cat BACKUP.age.0* | age -d -i key.txt | tar -xz` restores them. The Debian `age` program
// does the encryption (the reference implementation, the same tool a restore on a new machine
// uses; no cryptography of our own and no extra npm package). Each volume's SHA-256 is checked
// against MANIFEST.json as it is read, so a damaged local backup is never sent as good.

export interface Volume {
  name: string;
  size: number;
  sha256: string;
}

/** Read the volumes in order, checking each one's SHA-256 as it goes. */
async function* volumeBytes(backupPath: string, volumes: readonly Volume[]): AsyncGenerator<Buffer> {
  for (const v of volumes) {
    const h = createHash('sha256');
    let size = 0;
    for await (const chunk of createReadStream(join(backupPath, v.name), { highWaterMark: 1 << 20 })) {
      h.update(chunk as Buffer);
      size += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
    const got = h.digest('hex');
    if (size !== v.size || got !== v.sha256) {
      throw new OffsiteError(`volume ${v.name} of the backup is damaged (${size} bytes, SHA-256 ${got.slice(0, 12)}…; MANIFEST.json says ${v.size} bytes, ${v.sha256.slice(0, 12)}…): it is not sent; run Verify on the backup`);
    }
  }
}

/** Cuts a byte stream into files of `partSize` bytes, hashing each (SHA-256 and MD5). */
class PartCutter {
  readonly parts: (IndexedFile & { localPath: string })[] = [];
  private fh: FileHandle | null = null;
  private size = 0;
  private sha = createHash('sha256');
  private md5 = createHash('md5');

  constructor(
    private readonly dir: string,
    private readonly partSize: number,
    private readonly nameOf: (n: number) => string,
  ) {}

  async write(chunk: Buffer): Promise<void> {
    let at = 0;
    while (at < chunk.length) {
      if (!this.fh) this.fh = await open(join(this.dir, this.nameOf(this.parts.length + 1)), 'w', 0o600);
      const take = Math.min(chunk.length - at, this.partSize - this.size);
      const piece = chunk.subarray(at, at + take);
      await this.fh.write(piece);
      this.sha.update(piece);
      this.md5.update(piece);
      this.size += take;
      at += take;
      if (this.size === this.partSize) await this.close();
    }
  }

  async close(): Promise<void> {
    if (!this.fh) return;
    await this.fh.sync();
    await this.fh.close();
    const name = this.nameOf(this.parts.length + 1);
    this.parts.push({ name, localPath: join(this.dir, name), size: this.size, sha256: this.sha.digest('hex'), md5: this.md5.digest('hex') });
    this.fh = null;
    this.size = 0;
    this.sha = createHash('sha256');
    this.md5 = createHash('md5');
  }
}

const recipientArgs = (recipients: readonly string[]) => recipients.flatMap((r) => ['-r', r]);

/** Encrypt `input` with age to the recipients, written as parts into `dir`. */
export async function encryptToParts(
  input: Readable,
  recipients: readonly string[],
  dir: string,
  partSize: number,
  signal?: AbortSignal,
  nameOf: (n: number) => string = partName,
): Promise<(IndexedFile & { localPath: string })[]> {
  const child = spawn(AGE, recipientArgs(recipients), { stdio: ['pipe', 'pipe', 'pipe'], signal });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr = (stderr + s).slice(-8192)));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', (e: NodeJS.ErrnoException) => reject(e.code === 'ENOENT' ? new OffsiteError('age is not installed (not found on PATH): install it (Debian: apt-get install age)') : e));
    child.on('close', (code) => resolve(code));
  });
  const cutter = new PartCutter(dir, partSize, nameOf);
  const feeding = pipeline(input, child.stdin).catch((err: unknown) => {
    child.kill('SIGTERM');
    throw err;
  });
  const cutting = (async () => {
    for await (const chunk of child.stdout) await cutter.write(chunk as Buffer);
    await cutter.close();
  })();
  const [fed, cut, code] = await Promise.allSettled([feeding, cutting, exited]);
  // A damaged volume first, then what went wrong writing the parts (a full drive), before the broken pipe it causes.
  const reasons = [fed, cut, code].filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as unknown);
  const first = reasons.find((e) => e instanceof OffsiteError) ?? (cut.status === 'rejected' ? (cut.reason as unknown) : reasons[0]);
  if (first !== undefined) throw first;
  if ((code as PromiseFulfilledResult<number | null>).value !== 0) throw new OffsiteError(`age could not encrypt the backup: ${stderr.trim() || 'it ended without saying why'}`);
  return cutter.parts;
}

/** The backup's volumes as one age stream in parts. */
export function encryptVolumes(backupPath: string, volumes: readonly Volume[], recipients: readonly string[], dir: string, partSize: number, signal?: AbortSignal) {
  return encryptToParts(Readable.from(volumeBytes(backupPath, volumes)), recipients, dir, partSize, signal);
}

/** One small file encrypted whole (MANIFEST.json, HB.LOG, PLAN → NAME.age). */
export async function encryptFile(from: string, recipients: readonly string[], dir: string, name: string, signal?: AbortSignal): Promise<IndexedFile & { localPath: string }> {
  const parts = await encryptToParts(createReadStream(from), recipients, dir, Number.MAX_SAFE_INTEGER, signal, () => name);
  return parts[0]!;
}

/** SHA-256 and MD5 of a local file. */
export async function hashFile(path: string): Promise<{ size: number; sha256: string; md5: string }> {
  const sha = createHash('sha256');
  const md5 = createHash('md5');
  let size = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    sha.update(chunk as Buffer);
    md5.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { size, sha256: sha.digest('hex'), md5: md5.digest('hex') };
}
