// Exclude globs of a data directory, matched against '/'-separated paths relative to it.
// A glob without '/' matches a name at any depth (like .gitignore); one with '/' is anchored
// at the data directory. '**' spans folders, '*' and '?' stay within one name.

function globToRegExpSource(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slashAfter = glob[i + 2] === '/';
        out += slashAfter ? '(?:.*/)?' : '.*';
        i += slashAfter ? 2 : 1;
      } else {
        out += '[^/]*';
      }
    } else if (c === '?') {
      out += '[^/]';
    } else {
      out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return out;
}

export function compileGlob(glob: string): RegExp {
  const trimmed = glob.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  const anchored = trimmed.includes('/');
  const body = globToRegExpSource(trimmed.replace(/^\//, ''));
  return new RegExp(anchored ? `^${body}$` : `(?:^|/)${body}$`);
}

export interface ExcludeMatcher {
  /** True when the path (relative, '/'-separated) or one of its parent folders is excluded. */
  (relPath: string): boolean;
}

export function excludeMatcher(globs: readonly string[]): ExcludeMatcher {
  const res = globs.map(compileGlob);
  return (relPath) => res.some((re) => re.test(relPath));
}
