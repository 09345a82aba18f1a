import { join } from 'node:path';
import { isUtf8 } from './raw-names.js';

/** A path as the filesystem holds it: text when its bytes are UTF-8, else the bytes themselves. */
export type FsPath = string | Buffer;

const SLASH = Buffer.from('/');

/** `parent/name`, staying text while every name is UTF-8 (Node's fs takes both). */
export function childPath(parent: FsPath, name: Buffer): FsPath {
  if (typeof parent === 'string' && isUtf8(name)) return childText(parent, name.toString('utf8'));
  const p = typeof parent === 'string' ? Buffer.from(parent, 'utf8') : parent;
  return p.length === 0 ? name : Buffer.concat([p, SLASH, name]);
}

/**
 * `parent/name` for a name as listed by readdir (never empty, `.`, `..` or holding a `/`) under a
 * normalized parent: the same as path.join, without normalizing the whole path again per name.
 */
export function childText(parent: string, name: string): string {
  if (parent === '') return name;
  if (name === '.' || name === '..' || name.includes('/') || name === '') return join(parent, name);
  return parent.endsWith('/') ? parent + name : `${parent}/${name}`;
}

/** For people and logs: invalid bytes shown as U+FFFD. */
export const pathText = (p: FsPath): string => (typeof p === 'string' ? p : p.toString('utf8'));
export const pathBytes = (p: FsPath): Buffer => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p);
