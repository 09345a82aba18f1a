// Checks on one data directory that need no disk: shared by the console's dialog, the
// `hotbackup data add` command and the Director's save checks, so all three say the same.
import { isSameOrInside } from './paths.js';
import { DataDirectory } from './settings.js';

export const LABEL_MAX = 80;

export interface DirectoryContext {
  /** The directories saved now. */
  existing: readonly DataDirectory[];
  /** Which of them is being edited; null when adding. */
  editing: number | null;
  hotBackupFolder: string;
}

export type DirectoryProblems = Partial<Record<'path' | 'label' | 'exclude', string>>;

/** Why an exclude glob cannot work for this directory, or null. */
export function excludeProblem(glob: string, dir: string): string | null {
  const g = glob.replace(/\\/g, '/');
  const base = dir.replace(/\\/g, '/').replace(/\/+$/, '');
  if (base && g.toLowerCase().startsWith(base.toLowerCase() + '/')) {
    return `"${glob}" repeats the data directory's path: write it relative to the folder, as "${g.slice(base.length + 1)}"`;
  }
  if (/^[A-Za-z]:\//.test(g) || g.startsWith('//')) {
    return `"${glob}" is a path on another drive or server: write patterns relative to the data directory, e.g. cache/** or *.tmp`;
  }
  if (g.split('/').includes('..')) return `"${glob}" points outside the data directory (".."): patterns match only files inside it`;
  return null;
}

/** A label another directory already uses (labels name the folders inside a backup, so they must differ), or null. */
export function duplicateLabelProblem(label: string, others: readonly DataDirectory[]): string | null {
  const wanted = label.trim().toLowerCase();
  if (!wanted) return null;
  const taken = others.find((o) => o.label.trim().toLowerCase() === wanted);
  return taken ? `The label "${label.trim()}" is already used by "${taken.path}": give each data directory its own label` : null;
}

const first = (r: { success: boolean; error?: { issues: { message: string }[] } }) => (r.success ? undefined : r.error?.issues[0]?.message);

/** Everything wrong with one directory among its neighbours, one message per field. */
export function directoryProblems(d: { path: string; label: string; exclude: readonly string[] }, ctx: DirectoryContext): DirectoryProblems {
  const problems: DirectoryProblems = {};
  const { path } = d;
  problems.path = first(DataDirectory.shape.path.safeParse(path));
  if (!problems.path && ctx.hotBackupFolder && isSameOrInside(path, ctx.hotBackupFolder)) {
    problems.path = `"${path}" is the HotBackup folder or lies inside it: backups cannot back up themselves; choose the folder with your data`;
  }
  const others = ctx.existing.filter((_, i) => i !== ctx.editing);
  if (!problems.path) {
    for (const other of others) {
      if (isSameOrInside(path, other.path) && isSameOrInside(other.path, path)) {
        problems.path = `"${path}" is already in the list${other.label ? ` as "${other.label}"` : ''}`;
      } else if (isSameOrInside(path, other.path)) {
        problems.path = `"${path}" lies inside the data directory "${other.path}", which already backs it up: use an exclude pattern there instead`;
      } else if (isSameOrInside(other.path, path)) {
        problems.path = `"${path}" contains the data directory "${other.path}", so its files would be backed up twice: remove "${other.path}" first`;
      }
      if (problems.path) break;
    }
  }
  const label = d.label.trim();
  if (label.length > LABEL_MAX) problems.label = `The label has ${label.length} characters; keep it to ${LABEL_MAX} or fewer`;
  else problems.label = duplicateLabelProblem(label, others) ?? undefined;
  for (const g of d.exclude) {
    const problem = excludeProblem(g, path);
    if (problem) {
      problems.exclude = problem;
      break;
    }
  }
  for (const k of Object.keys(problems) as (keyof DirectoryProblems)[]) if (!problems[k]) delete problems[k];
  return problems;
}

/** Labels used twice in a whole list, as `dataDirectories.N.label: …` lines (the Director's save check). */
export function duplicateLabelProblems(dirs: readonly DataDirectory[]): string[] {
  return dirs.flatMap((d, i) => {
    const p = duplicateLabelProblem(d.label, dirs.slice(0, i));
    return p ? [`dataDirectories.${i}.label: ${p}`] : [];
  });
}
