// The Data Directories tab's checks: the shared schema first, then what the console can tell
// before asking the Director (which has the final say on disk: exists, readable).
import { isSameOrInside } from '../../shared/paths.js';
import { DataDirectory } from '../../shared/settings.js';

export interface DirectoryForm {
  path: string;
  label: string;
  /** Exclude globs, one per line. */
  exclude: string;
}
export type DirectoryErrors = Partial<Record<keyof DirectoryForm | 'form', string>>;

export interface DirectoryContext {
  /** The directories saved now. */
  existing: readonly DataDirectory[];
  /** Which of them is being edited; null when adding. */
  editing: number | null;
  hotBackupFolder: string;
}

export const LABEL_MAX = 80;

export const emptyDirectoryForm: DirectoryForm = { path: '', label: '', exclude: '' };

export const formOf = (d: DataDirectory): DirectoryForm => ({ path: d.path, label: d.label, exclude: d.exclude.join('\n') });

/** One glob per non-blank line, trimmed, first occurrence kept. */
export function parseExcludes(text: string): string[] {
  return [...new Set(text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== ''))];
}

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

const first = (r: { success: boolean; error?: { issues: { message: string }[] } }) => (r.success ? undefined : r.error?.issues[0]?.message);

/** Check one directory against the schema and its neighbours: the entry to save, or a message per field. */
export function checkDirectoryForm(form: DirectoryForm, ctx: DirectoryContext): { directory: DataDirectory | null; errors: DirectoryErrors } {
  const errors: DirectoryErrors = {};
  const path = form.path;
  errors.path = first(DataDirectory.shape.path.safeParse(path));
  if (!errors.path && ctx.hotBackupFolder && isSameOrInside(path, ctx.hotBackupFolder)) {
    errors.path = `"${path}" is the HotBackup folder or lies inside it: backups cannot back up themselves; choose the folder with your data`;
  }
  if (!errors.path) {
    for (const [i, other] of ctx.existing.entries()) {
      if (i === ctx.editing) continue;
      if (isSameOrInside(path, other.path) && isSameOrInside(other.path, path)) {
        errors.path = `"${path}" is already in the list${other.label ? ` as "${other.label}"` : ''}`;
      } else if (isSameOrInside(path, other.path)) {
        errors.path = `"${path}" lies inside the data directory "${other.path}", which already backs it up: use an exclude pattern there instead`;
      } else if (isSameOrInside(other.path, path)) {
        errors.path = `"${path}" contains the data directory "${other.path}", so its files would be backed up twice: remove "${other.path}" first`;
      }
      if (errors.path) break;
    }
  }
  const label = form.label.trim();
  if (label.length > LABEL_MAX) errors.label = `The label has ${label.length} characters; keep it to ${LABEL_MAX} or fewer`;
  const exclude = parseExcludes(form.exclude);
  for (const g of exclude) {
    const problem = excludeProblem(g, path);
    if (problem) {
      errors.exclude = problem;
      break;
    }
  }
  for (const k of Object.keys(errors) as (keyof DirectoryErrors)[]) if (!errors[k]) delete errors[k];
  if (Object.keys(errors).length) return { directory: null, errors };
  const parsed = DataDirectory.safeParse({ path, label, exclude });
  if (!parsed.success) return { directory: null, errors: { form: parsed.error.issues.map((i) => i.message).join('; ') } };
  return { directory: parsed.data, errors };
}

/** The list to save after adding (editing = null) or replacing one entry. */
export function nextDirectories(existing: readonly DataDirectory[], editing: number | null, d: DataDirectory): DataDirectory[] {
  // An edited entry keeps its ID: backups recorded it, and restore-over finds the directory by it.
  return editing === null ? [...existing, d] : existing.map((x, i) => (i === editing ? { ...d, id: x.id } : x));
}

/** Exclude patterns the edit adds: files matching them leave future backups. */
export const addedExcludes = (before: readonly string[], after: readonly string[]): string[] => after.filter((g) => !before.includes(g));

/** "Settings not saved: dataDirectories.2.path: …" from the Director → the message for entry `index`'s field. */
export function errorsFromDirector(message: string, index: number): DirectoryErrors {
  const errors: DirectoryErrors = {};
  const body = message.replace(/^Settings not saved: /, '').replace(/^settings\.update: /, '');
  for (const part of body.split('; ')) {
    const m = /^dataDirectories\.(\d+)\.(path|label|exclude)(?:\.\d+)?: (.*)$/.exec(part);
    if (m && Number(m[1]) === index) errors[m[2] as 'path' | 'label' | 'exclude'] ??= m[3];
  }
  if (!Object.keys(errors).length) errors.form = message;
  return errors;
}
