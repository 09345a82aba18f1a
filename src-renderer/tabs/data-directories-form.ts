// The Data Directories tab's form: lines of text to a data directory, checked by the shared
// checks (as `hotbackup data add` is); the Director has the final say on disk.
import { directoryProblems, type DirectoryContext } from '../../shared/data-directory-checks.js';
import { DataDirectory } from '../../shared/settings.js';

export { excludeProblem, LABEL_MAX, type DirectoryContext } from '../../shared/data-directory-checks.js';

export interface DirectoryForm {
  path: string;
  label: string;
  /** Exclude globs, one per line. */
  exclude: string;
  /** Include this folder's files that never stop changing, with a warning (absent = no). */
  includeUnsettled?: boolean;
}
export type DirectoryErrors = Partial<Record<keyof DirectoryForm | 'form', string>>;

export const emptyDirectoryForm: DirectoryForm = { path: '', label: '', exclude: '' };

export const formOf = (d: DataDirectory): DirectoryForm => ({ path: d.path, label: d.label, exclude: d.exclude.join('\n'), includeUnsettled: d.includeUnsettled === true });

/** One glob per non-blank line, trimmed, first occurrence kept. */
export function parseExcludes(text: string): string[] {
  return [...new Set(text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== ''))];
}

/** Check one directory against the schema and its neighbours: the entry to save, or a message per field. */
export function checkDirectoryForm(form: DirectoryForm, ctx: DirectoryContext): { directory: DataDirectory | null; errors: DirectoryErrors } {
  const label = form.label.trim();
  const exclude = parseExcludes(form.exclude);
  const errors: DirectoryErrors = directoryProblems({ path: form.path, label, exclude }, ctx);
  if (Object.keys(errors).length) return { directory: null, errors };
  const parsed = DataDirectory.safeParse({ path: form.path, label, exclude, ...(form.includeUnsettled ? { includeUnsettled: true } : {}) });
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
