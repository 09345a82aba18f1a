import { logText } from '../../../shared/log-text.js';
import { bytesFromBase64 } from '../../../shared/raw-path.js';
import { shownName } from '../../../shared/shown-name.js';

/** What a restore asked for, for the Director log: its globs and its exact paths (written by shownName: a byte that is not UTF-8 as `\xe9`). */
export function pathsNote(input: { paths: readonly string[]; exact?: readonly string[] }): string {
  const all = [...input.paths, ...(input.exact ?? []).map((b) => shownName(bytesFromBase64(b)))];
  return all.length ? ` (paths: ${logText(all.join(', '))})` : '';
}
