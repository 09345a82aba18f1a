import { compileGlob, matchAnyPaced, type Glob, type Pacer } from '../plan/glob-match.js';

// Pure checks of archive entries before anything is written: a restore never writes outside
// its target folder, whatever the archive says (crafted `../` names, absolute paths, links out).

export interface ArchiveEntryInfo {
  /** As stored in the tar. */
  path: string;
  /** node-tar's entry type: File, Directory, SymbolicLink, Link, … */
  type: string;
  linkpath?: string;
  /** Permission bits as stored (with setuid/setgid/sticky). */
  mode?: number;
}

/** The mode a restore gives an entry: setuid and setgid cleared on anything but a folder; a folder keeps setgid. */
export function safeMode(type: string, mode: number): number {
  return (mode & 0o7777) & (type === 'Directory' ? ~0o4000 : ~0o6000);
}

/** Why an entry's mode is changed on restore (setuid/setgid dropped), or null. */
export function modeNote(entry: ArchiveEntryInfo): string | null {
  if (typeof entry.mode !== 'number' || safeMode(entry.type, entry.mode) === (entry.mode & 0o7777)) return null;
  return `"${entry.path}" was restored without its setuid/setgid bit (mode ${(entry.mode & 0o7777).toString(8)} → ${safeMode(entry.type, entry.mode).toString(8)})`;
}

const isAbsolute = (p: string) => p.startsWith('/') || p.startsWith('\\') || /^[A-Za-z]:/.test(p);
/**
 * What breaks a path into names where the restore runs: a backslash only on Windows. On Linux and
 * macOS it is a character of a name ("a\\b.txt" is one file, restored as such).
 */
const NAME_BREAK = process.platform === 'win32' ? /[\\/]/ : /\//;
const segments = (p: string) => p.split(NAME_BREAK).filter((s) => s !== '' && s !== '.');
/** A ".." between backslashes climbs out on Windows: such an entry is refused wherever it is restored. */
const climbsOnWindows = (p: string) => p.split(/[\\/]/).includes('..');

/** The entry's path made relative and '/'-separated, or why it is refused. */
export function normalizeEntryPath(path: string): { path: string } | { problem: string } {
  if (isAbsolute(path)) return { problem: `"${path}" is an absolute path` };
  const segs = segments(path);
  if (segs.includes('..') || climbsOnWindows(path)) return { problem: `"${path}" climbs out of the restore folder with ".."` };
  if (segs.length === 0) return { problem: `"${path}" names no file` };
  return { path: segs.join('/') };
}

const RESTORABLE = new Set(['File', 'OldFile', 'ContiguousFile', 'Directory', 'SymbolicLink', 'Link']);

/**
 * Why an entry must not be restored, or null. `symlinks` holds the normalized paths of every
 * symbolic link in the archive: nothing is written through one, and no link resolves through one.
 * `recordedLinks` (path → target, from the backup's own manifest) are links the data directory
 * really held: they are put back as they were, even when they point elsewhere on the machine,
 * since nothing is ever written through a link. A link the manifest does not record is judged alone.
 */
export function entryProblem(
  entry: ArchiveEntryInfo,
  symlinks: ReadonlySet<string>,
  recordedLinks: ReadonlyMap<string, string> = new Map(),
): string | null {
  const norm = normalizeEntryPath(entry.path);
  if ('problem' in norm) return norm.problem;
  if (!RESTORABLE.has(entry.type)) return `"${entry.path}" is a ${entry.type} entry, which a backup never holds`;
  // Parents are looked up only when there are links to find (a million entries, most of them deep).
  const segs = symlinks.size > 0 ? norm.path.split('/') : [];
  for (let i = 1; i < segs.length; i++) {
    const parent = segs.slice(0, i).join('/');
    if (symlinks.has(parent)) return `"${entry.path}" lies under the symbolic link "${parent}"`;
  }
  if (entry.type === 'SymbolicLink') {
    if (entry.linkpath && recordedLinks.get(norm.path) === entry.linkpath) return null;
    return symlinkProblem(norm.path, entry.linkpath ?? '', symlinks);
  }
  if (entry.type === 'Link') {
    const target = normalizeEntryPath(entry.linkpath ?? '');
    if ('problem' in target) return `hard link "${entry.path}" points outside: ${target.problem}`;
    if (symlinks.has(target.path)) return `hard link "${entry.path}" points to the symbolic link "${target.path}"`;
    const tsegs = target.path.split('/');
    for (let i = 1; i < tsegs.length; i++) {
      const parent = tsegs.slice(0, i).join('/');
      if (symlinks.has(parent)) return `hard link "${entry.path}" points through the symbolic link "${parent}"`;
    }
  }
  return null;
}


export function symlinkProblem(path: string, linkpath: string, symlinks: ReadonlySet<string>): string | null {
  if (linkpath === '') return `symbolic link "${path}" has no target`;
  if (isAbsolute(linkpath)) return `symbolic link "${path}" points to the absolute path "${linkpath}"`;
  const at = path.split('/').slice(0, -1);
  for (const seg of segments(linkpath)) {
    if (seg === '..') {
      if (at.length === 0) return `symbolic link "${path}" points outside the restore folder ("${linkpath}")`;
      at.pop();
    } else {
      at.push(seg);
      const here = at.join('/');
      if (symlinks.has(here) && here !== path) return `symbolic link "${path}" resolves through the link "${here}"`;
    }
  }
  return null;
}

/**
 * Which archive paths `--path` globs select: a path is selected when a glob matches it or one of
 * its parent folders (so `Clients` restores the whole folder). No globs select everything.
 */
export function selectionMatcher(globs: readonly string[]): (path: string) => boolean {
  if (globs.length === 0) return () => true;
  const res = globs.map(compileGlob);
  return (path) => res.some((g) => g.testWithParents(path));
}

/** The same selection, run in slices: the event loop gets a turn whenever `pacer` says (a huge manifest, many-star globs). */
export async function pacedSelectionMatcher(globs: readonly string[], pacer: Pacer): Promise<(path: string) => boolean | Promise<boolean>> {
  if (globs.length === 0) return () => true;
  const res: Glob[] = [];
  for (const g of globs) {
    res.push(compileGlob(g));
    const wait = pacer.add(g.length * 64);
    if (wait) await wait;
  }
  return (path) => matchAnyPaced(res, path, true, pacer);
}
