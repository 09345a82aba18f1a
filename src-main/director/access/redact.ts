import type { LightAnswer, LightUpdate } from '../../../shared/run.js';
import type { Overview } from '../../../shared/overview.js';
import type { StatusSnapshot } from '../../../shared/status.js';

// What a `user` sees: progress and results, never settings or paths of the server.

/** Absolute POSIX, Windows or UNC paths inside a message, e.g. `/srv/data/a.db`, `D:\Office\x` or `\\nas\share`. */
const ABSOLUTE_PATH = /(?:\b[A-Za-z]:[\\/]|\\\\(?=[^\s\\])|(?<![\w.])\/(?=[^\s/]))[^\s"'|,;:()]*/g;
/** A quoted absolute path, replaced whole: messages quote paths, and a quoted one may hold spaces ("/srv/Office Data/a.db"). */
const QUOTED_PATH = /(["'])(?:[A-Za-z]:[\\/]|\\\\|\/)[^"'\r\n]*\1/g;

/** A message with every absolute path replaced by "[path]". */
export function withoutPaths(text: string): string;
export function withoutPaths(text: string | null): string | null;
export function withoutPaths(text: string | null): string | null {
  return text === null ? null : text.replace(QUOTED_PATH, '$1[path]$1').replace(ABSOLUTE_PATH, '[path]');
}

const userViews = new WeakMap<StatusSnapshot, StatusSnapshot>();

/** The same status as a `user` sees it (one object per status, shared by every user's console). */
export function statusForUser(s: StatusSnapshot): StatusSnapshot {
  let view = userViews.get(s);
  if (!view) {
    view = statusViewForUser(s);
    userViews.set(s, view);
  }
  return view;
}

function statusViewForUser(s: StatusSnapshot): StatusSnapshot {
  return {
    ...s,
    run: s.run ? { ...s.run, progress: { ...s.run.progress, currentFile: null } } : null,
    lastRun: s.lastRun ? { ...s.lastRun, error: withoutPaths(s.lastRun.error) } : null,
    warnings: s.warnings.map((w) => withoutPaths(w)),
  };
}

export const lightForUser = <T extends LightUpdate | LightAnswer>(u: T): T => ({ ...u, reason: withoutPaths(u.reason) });

/** The Overview as a `user` sees it: the light and the times, no HotBackup folder, no paths in any text, nothing to fix. */
export const overviewForUser = (o: Overview): Overview => ({
  ...o,
  reason: withoutPaths(o.reason),
  lastResult: o.lastResult ? { ...o.lastResult, cause: withoutPaths(o.lastResult.cause) } : null,
  space: { ...o.space, folder: null },
  warnings: o.warnings.map((w) => ({ ...w, title: withoutPaths(w.title), text: withoutPaths(w.text), fix: null })),
});
