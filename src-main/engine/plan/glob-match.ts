// Exclude globs of a data directory, matched against '/'-separated paths relative to it.
// A glob without '/' matches a name at any depth (like .gitignore); one with '/' is anchored
// at the data directory. '**' spans folders, '*' and '?' stay within one name.
//
// Hand-written on purpose, after weighing the libraries (issue 15, point 7; again in issue 20):
// - picomatch, micromatch, zeptomatch and minimatch up to v10 compile a glob to a JavaScript
//   RegExp, which backtracks: picomatch 4.0.7 took 16 s for `a*` x 40 + `b` on a 50-character
//   name (measured in issue 20), the test below uses 5,000.
// - minimatch 11 matches without a RegExp and was fast on those cases, but one match is one
//   synchronous call that cannot pause (restore selection on the Director's event loop must give
//   other work a turn inside one long path: restore-selection-pacing.test.ts), and its syntax is
//   not ours: `[ab]` is a class and `foo**` stays within one name (here every character but `*`,
//   `?` and `/` is literal, '\' is a folder separator, and `**` spans folders anywhere), so the
//   patterns in users' settings would match other files.
// - re2 (native RE2 bindings) needs a compiler at install time; re2-wasm/@adguard/re2-wasm load a
//   WASM module per process (and in the Electron bundle).
// - re2js (a pure JavaScript port of RE2, linear time) was measured here: 500 patterns of 500
//   many-star characters compiled into one took 9.5 s, and one 4,000-character path against it
//   107 s; glob syntax has no regex features to reuse (its translation is the code below anyway).
// So a pattern is compiled into a small automaton and run as a set of states (Thompson's
// construction) in typed arrays: O(path length × pattern length), never more, with a small
// constant. The run is a generator that pauses once a work budget is spent, so a caller on the
// Director's event loop (restore path selection) gives other work a turn between slices
// (`Pacer`, `matchAnyPaced`); pattern length and count are bounded too. Exclude patterns run in
// the backup's worker thread, off the event loop.

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
  /** The same, also true when the glob matches a parent folder of the path (restore `--path`). */
  testWithParents(path: string): boolean;
  /** The same run, pausing whenever `meter` is due; `prefix`: a parent folder matching counts too. */
  steps(path: string, prefix: boolean, meter: WorkMeter): Generator<void, boolean, void>;
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

/** Work (state visits) between turns of the event loop: well under a millisecond. */
export const STEPS_PER_SLICE = 32_768;

/** Counts work; a run pauses once `work` reaches `budget` (the caller gives the event loop a turn). */
export interface WorkMeter {
  work: number;
  budget: number;
}

interface Buffers {
  cur: Int32Array;
  nxt: Int32Array;
  mark: Int32Array;
  stack: Int32Array;
  busy: boolean;
}

const buffersFor = (n: number): Buffers => ({ cur: new Int32Array(n), nxt: new Int32Array(n), mark: new Int32Array(n), stack: new Int32Array(2 * n + 2), busy: false });

/**
 * Run the automaton over `path`, pausing (yield) whenever `meter` is due. `prefix`: also true
 * when the glob matches a '/'-bounded leading part of the path (a parent folder).
 */
function* runStates(states: readonly State[], anchored: boolean, path: string, prefix: boolean, meter: WorkMeter, shared: Buffers): Generator<void, boolean, void> {
  const n = states.length;
  const own = shared.busy ? buffersFor(n) : shared;
  own.busy = true;
  try {
    let { cur, nxt } = own;
    const { mark, stack } = own;
    mark.fill(0);
    const matchAt = n - 1;
    let gen = 1;
    // Add state i0 and every state its splits reach to `list` (once per generation).
    const addTo = (list: Int32Array, len: number, i0: number): number => {
      let sp = 0;
      stack[sp++] = i0;
      while (sp > 0) {
        const i = stack[--sp] as number;
        if (mark[i] === gen) continue;
        mark[i] = gen;
        const st = states[i] as State;
        if (st.k === 'split') {
          stack[sp++] = st.b;
          stack[sp++] = st.a;
        } else list[len++] = i;
      }
      return len;
    };
    let curLen = addTo(cur, 0, 0);
    for (const ch of path) {
      if (prefix && ch === '/' && mark[matchAt] === gen) return true;
      gen++;
      let nxtLen = 0;
      for (let k = 0; k < curLen; k++) {
        const st = states[cur[k] as number] as State;
        if ((st.k === 'char' && st.c === ch) || (st.k === 'name' && ch !== '/') || st.k === 'any') nxtLen = addTo(nxt, nxtLen, st.next);
      }
      // Unanchored: a match may also start right after any '/' (a name at any depth).
      if (!anchored && ch === '/') nxtLen = addTo(nxt, nxtLen, 0);
      [cur, nxt] = [nxt, cur];
      curLen = nxtLen;
      if (curLen === 0 && anchored) return false;
      meter.work += curLen + 1;
      if (meter.work >= meter.budget) yield;
    }
    return mark[matchAt] === gen;
  } finally {
    own.busy = false;
  }
}

const drain = (g: Generator<void, boolean, void>): boolean => {
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
  }
};

export function compileGlob(glob: string): Glob {
  if (glob.length > MAX_GLOB_LENGTH) throw new Error(`The pattern "${glob.slice(0, 40)}…" is ${glob.length} characters long; at most ${MAX_GLOB_LENGTH} are allowed.`);
  const trimmed = glob.replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, '');
  const anchored = trimmed.includes('/');
  const states = compileStates(trimmed.replace(/^\//, ''));
  const shared = buffersFor(states.length);
  return {
    test: (path) => drain(runStates(states, anchored, path, false, { work: 0, budget: Infinity }, shared)),
    testWithParents: (path) => drain(runStates(states, anchored, path, true, { work: 0, budget: Infinity }, shared)),
    steps: (path, prefix, meter) => runStates(states, anchored, path, prefix, meter, shared),
  };
}

/** Gives the event loop a turn once `budget` work was counted (entries, automaton steps), never by time. */
export class Pacer implements WorkMeter {
  work = 0;
  /** How many times the event loop was given a turn. */
  turns = 0;
  constructor(readonly budget = STEPS_PER_SLICE) {}
  /** Count `n`: null (go on), or a promise to await (a turn of the event loop). */
  add(n: number): Promise<void> | null {
    this.work += n;
    return this.work >= this.budget ? this.turn() : null;
  }
  turn(): Promise<void> {
    this.work = 0;
    this.turns++;
    return new Promise((r) => setImmediate(r));
  }
}

/**
 * Whether any glob matches `path` (or a parent folder of it, with `prefix`): a boolean when it
 * was decided within the pacer's budget, else a promise that gives the event loop turns meanwhile.
 */
export function matchAnyPaced(globs: readonly Glob[], path: string, prefix: boolean, pacer: Pacer): boolean | Promise<boolean> {
  for (let i = 0; i < globs.length; i++) {
    const g = (globs[i] as Glob).steps(path, prefix, pacer);
    const r = g.next();
    if (!r.done) return finishPaced(globs, i, g, path, prefix, pacer);
    if (r.value) return true;
  }
  return false;
}

async function finishPaced(globs: readonly Glob[], at: number, first: Generator<void, boolean, void>, path: string, prefix: boolean, pacer: Pacer): Promise<boolean> {
  let g = first;
  for (let i = at; ; ) {
    await pacer.turn();
    for (;;) {
      const r = g.next();
      if (!r.done) break;
      if (r.value) return true;
      if (++i >= globs.length) return false;
      g = (globs[i] as Glob).steps(path, prefix, pacer);
    }
  }
}

export interface ExcludeMatcher {
  /** True when the path (relative, '/'-separated) or one of its parent folders is excluded. */
  (relPath: string): boolean;
  /** The patterns that matched no path given so far, in their order (they excluded nothing). */
  unmatched(): string[];
}

/**
 * Also notes which patterns matched something, at little cost: a path no pattern matches is tested
 * against all of them anyway; a matched path is tested further only against patterns that have
 * not matched yet (usually none).
 */
export function excludeMatcher(globs: readonly string[]): ExcludeMatcher {
  if (globs.length > MAX_GLOBS) throw new Error(`${globs.length} patterns were given; at most ${MAX_GLOBS} are allowed.`);
  const res = globs.map(compileGlob);
  const hit = new Uint8Array(res.length);
  let left = res.length;
  const match = (relPath: string): boolean => {
    let any = false;
    for (let i = 0; i < res.length; i++) {
      if (any && (left === 0 || hit[i])) continue;
      if (!(res[i] as Glob).test(relPath)) continue;
      any = true;
      if (!hit[i]) {
        hit[i] = 1;
        left--;
      }
    }
    return any;
  };
  return Object.assign(match, { unmatched: () => globs.filter((_, i) => !hit[i]) });
}
