// Pure path checks shared by the console (instant feedback) and the Director (final say).
// No node:path here: shared/ imports only zod and must run in the browser.

export function isUncPath(p: string): boolean {
  return /^(\\\\|\/\/)[^\\/]+[\\/]/.test(p) || /^(\\\\|\/\/)[^\\/]+$/.test(p);
}

export function isAbsoluteLocalPath(p: string): boolean {
  if (isUncPath(p)) return false;
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p);
}

/** Why a path cannot be used as a local folder, or null when it can. */
export function localPathProblem(p: string): string | null {
  if (p.trim() === '') return 'is empty: enter an absolute folder path such as /srv/HotBackup or C:\\HotBackup';
  if (p !== p.trim()) return 'has leading or trailing spaces: remove them';
  if (isUncPath(p)) return 'is a network (UNC) path: use a local drive path such as C:\\HotBackup';
  if (!isAbsoluteLocalPath(p)) return 'is a relative path: use an absolute path such as /srv/HotBackup or C:\\HotBackup';
  return null;
}

function normalize(p: string): string {
  const slashed = p.replace(/\\/g, '/').replace(/\/+$/, '');
  return /^[A-Za-z]:/.test(slashed) ? slashed.toLowerCase() : slashed;
}

/** True when `inner` is `outer` or lies below it (string comparison after normalising separators). */
export function isSameOrInside(inner: string, outer: string): boolean {
  const a = normalize(inner);
  const b = normalize(outer);
  return a === b || a.startsWith(b === '' ? '/' : b + '/');
}
