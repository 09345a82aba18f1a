import { lstat, opendir, rm, rmdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';

// Hand-written on purpose: Node's recursive `fs.promises.rm` starts the removal of every entry of
// a folder at once, and of every entry below each of those, so a tree of a million files has a
// million removals pending together (measured: 200,000 empty files in 200 folders, 406 MB peak
// RSS; a restore-over work folder of a million files, about 1.7 GB). This walks the tree with a
// streamed listing and a fixed number of removals in flight, so memory does not grow with it.

const IN_FLIGHT = 32;
const gone = (err: unknown) => {
  if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
};

/** Remove `path` and everything below it (never following a symbolic link); a missing path is fine. */
export async function removeTree(path: string): Promise<void> {
  const st = await lstat(path).catch((err: unknown) => (gone(err), null));
  if (!st) return;
  if (!st.isDirectory()) return unlink(path).catch(gone);
  // A listing that changes while entries are removed may skip some: list again until none is left.
  for (let pass = 0; ; pass++) {
    let seen = 0;
    const batch: Promise<void>[] = [];
    for await (const e of await opendir(path, { bufferSize: 256 })) {
      seen++;
      const child = join(path, e.name);
      batch.push(e.isDirectory() ? removeTree(child) : unlink(child).catch(gone));
      if (batch.length >= IN_FLIGHT) await Promise.all(batch.splice(0));
    }
    await Promise.all(batch);
    if (seen === 0 || pass > 2) break;
  }
  await rmdir(path).catch(async (err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return;
    // Still not empty (written to meanwhile): the plain removal finishes it.
    if (err.code === 'ENOTEMPTY' || err.code === 'EEXIST') return rm(path, { recursive: true, force: true });
    throw err;
  });
}
