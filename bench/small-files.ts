// A set of many small files (the 100,000-file figure): 1-3 KB office text in 1,000 folders.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { officeText } from './make-data.js';

export function makeSmallFiles(root: string, count: number): string {
  const dir = join(root, `small-${count}`);
  const stamp = join(root, `small-${count}.done`);
  if (existsSync(stamp)) return dir;
  const seed = randomBytes(4096);
  for (let i = 0; i < count; i++) {
    const sub = join(dir, `folder-${String(i % 1000).padStart(4, '0')}`);
    if (i < 1000) mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `note-${i}.txt`), officeText(1024 + (i % 2048), Buffer.concat([randomBytes(16), seed])));
  }
  writeFileSync(stamp, '');
  return dir;
}

/** `count` files of `bytes` bytes each (0: empty), 1,000 to a folder; made once and kept. */
export function makeManyFiles(root: string, count: number, bytes: number): string {
  const dir = join(root, `files-${count}-${bytes}`);
  const stamp = `${dir}.done`;
  if (existsSync(stamp)) return dir;
  const body = Buffer.alloc(bytes, 'x');
  for (let i = 0; i < count; i++) {
    const sub = join(dir, `folder-${String(Math.floor(i / 1000)).padStart(4, '0')}`);
    if (i % 1000 === 0) mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `file-${i}.txt`), body);
  }
  writeFileSync(stamp, '');
  return dir;
}
