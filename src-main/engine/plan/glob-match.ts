// Exclude globs of a data directory, matched against '/'-separated paths relative to it.
// A glob without '/' matches a name at any depth (like .gitignore); one with '/' is anchored
// at the data directory. '**' spans folders, '*' and '?' stay within one name.
//
// Hand-written on purpose: matching must take time linear in the path for any pattern (a restore
// `--path` or exclude pattern of many stars made the RegExp this replaced backtrack for minutes on
// the Director's event loop). The npm glob matchers (picomatch, minimatch, micromatch, zeptomatch)
// all compile to JavaScript RegExps, which backtrack; RE2 bindings need a native build. So a pattern
// is compiled into a small automaton and run as a set of states (Thompson's construction):
// O(path length × pattern length), never more. Patterns are also bounded in length and number.

/** Longest pattern accepted (characters); the settings and requests refuse longer ones. */
export const MAX_GLOB_LENGTH = 500;
/** Most patterns in one list (excludes of a data directory, paths of a restore). */
export const MAX_GLOBS = 500;

type State =
  | { k: 'char'; c: string; next: number }
  | { k: 'name'; next: number } // one character other than '/'
  | { k: 'any'; next: number } // any one character
  | { k: 'split'; a: number; b: number }
  | { k: 'match' };

export interface Glob {
  /** Whether the whole path matches (anchored globs) or some '/'-bounded tail of it does. */
  test(path: string): boolean;
}

function compileStates(body: string): State[] {
  const s: State[] = [];
  const at = () => s.length;
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c === '*' && body[i + 1] === '*') {
      const slashAfter = body[i + 2] === '/';
      i += slashAfter ? 2 : 1;
      const start = at();
      if (slashAfter) {
        // (?:.*/)? : skip, or any characters then '/'
        s.push({ k: 'split', a: start + 1, b: start + 4 });
        s.push({ k: 'split', a: start + 2, b: start + 3 });
        s.push({ k: 'any', next: start + 1 });
        s.push({ k: 'char', c: '/', next: start + 4 });
      } else {
        s.push({ k: 'split', a: start + 1, b: start + 2 });
        s.push({ k: 'any', next: start });
      }
    } else if (c === '*') {
      const start = at();
      s.push({ k: 'split', a: start + 1, b: start + 2 });
      s.push({ k: 'name', next: start });
    } else if (c === '?') {
      s.push({ k: 'name', next: at() + 1 });
    } else {
      s.push({ k: 'char', c, next: at() + 1 });
    }
  }
  s.push({ k: 'match' });
  return s;
}

function run(states: readonly State[], anchored: boolean, path: string): boolean {
  const matchAt = states.length - 1;
  let current = new Set<number>();
  const add = (set: Set<number>, i: number): void => {
    if (set.has(i)) return;
    set.add(i);
    const st = states[i] as State;
    if (st.k === 'split') {
      add(set, st.a);
      add(set, st.b);
    }
  };
  add(current, 0);
  for (const ch of path) {
    const next = new Set<number>();
    for (const i of current) {
      const st = states[i] as State;
      if ((st.k === 'char' && st.c === ch) || (st.k === 'name' && ch !== '/') || st.k === 'any') add(next, st.next);
    }
    // Unanchored: a match may also start right after any '/' (a name at any depth).
    if (!anchored && ch === '/') add(next, 0);
    current = next;
    if (current.size === 0 && anchored) return false;
  }
  return current.has(matchAt);
}

export function compileGlob(glob: string): Glob {
  if (glob.length > MAX_GLOB_LENGTH) throw new Error(`The pattern "${glob.slice(0, 40)}…" is ${glob.length} characters long; at most ${MAX_GLOB_LENGTH} are allowed.`);
  const trimmed = glob.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  const anchored = trimmed.includes('/');
  const states = compileStates(trimmed.replace(/^\//, ''));
  return { test: (path) => run(states, anchored, path) };
}

export interface ExcludeMatcher {
  /** True when the path (relative, '/'-separated) or one of its parent folders is excluded. */
  (relPath: string): boolean;
}

export function excludeMatcher(globs: readonly string[]): ExcludeMatcher {
  if (globs.length > MAX_GLOBS) throw new Error(`${globs.length} patterns were given; at most ${MAX_GLOBS} are allowed.`);
  const res = globs.map(compileGlob);
  return (relPath) => res.some((re) => re.test(relPath));
}
