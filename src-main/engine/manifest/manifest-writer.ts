import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fsyncDir } from '../../base/atomic-write.js';
import { MANIFEST_ENTRIES_CLOSE, MANIFEST_ENTRIES_OPEN, MANIFEST_SUFFIX, manifestEntryLine, manifestPrefix, type ManifestEntry, type ManifestHead } from './manifest.js';
import { manifestMac, signatureText } from './manifest-signature.js';

const FLUSH_AT = 1024 * 1024;

/**
 * The entry list of MANIFEST.json, written line by line while the tar is streamed, to a side file:
 * a run's memory does not grow with its number of files. `writeManifestFile` puts the head
 * (known only once the volumes are closed) in front of it.
 */
export class ManifestEntryWriter {
  private readonly fd: number;
  private pending: string[] = [];
  private pendingChars = 0;
  count = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  add(e: ManifestEntry): void {
    const line = manifestEntryLine(e, this.count === 0);
    this.count++;
    this.pending.push(line);
    this.pendingChars += line.length;
    if (this.pendingChars >= FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const b = Buffer.from(this.pending.join(''), 'utf8');
    for (let at = 0; at < b.length; ) at += writeSync(this.fd, b, at, b.length - at);
    this.pending = [];
    this.pendingChars = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/**
 * MANIFEST.json from its head and the entry lines of `entries` (closed), written atomically (temp
 * file, fsync, rename, fsync of the folder), the same bytes `formatManifest` gives. Returns
 * MANIFEST.sig's text when a key is given (the HMAC is computed while writing).
 */
export async function writeManifestFile(file: string, head: ManifestHead, entries: ManifestEntryWriter, key?: Uint8Array): Promise<string | null> {
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const mac = key ? manifestMac(key) : null;
  const fd = openSync(temp, 'wx', 0o644);
  try {
    const put = (b: Buffer) => {
      mac?.update(b);
      for (let at = 0; at < b.length; ) at += writeSync(fd, b, at, b.length - at);
    };
    put(Buffer.from(manifestPrefix(head) + (entries.count ? MANIFEST_ENTRIES_OPEN : '[]'), 'utf8'));
    if (entries.count) {
      const src = openSync(entries.path, 'r');
      try {
        const buf = Buffer.allocUnsafe(FLUSH_AT);
        for (let n; (n = readSync(src, buf, 0, buf.length, null)) > 0; ) put(buf.subarray(0, n));
      } finally {
        closeSync(src);
      }
      put(Buffer.from(MANIFEST_ENTRIES_CLOSE, 'utf8'));
    }
    put(Buffer.from(MANIFEST_SUFFIX, 'utf8'));
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
    throw err;
  }
  closeSync(fd);
  renameSync(temp, file);
  await fsyncDir(dirname(file));
  return mac ? signatureText(mac.digest('hex')) : null;
}
