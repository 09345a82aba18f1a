import { logText } from '../../../shared/log-text.js';
import { bytesFromBase64, shownBytes } from '../../../shared/raw-path.js';

/** What a restore asked for, for the Director log: its globs and its exact paths (bytes that are not UTF-8 as `\xE9`). */
export function pathsNote(input: { paths: readonly string[]; exact?: readonly string[] }): string {
  const all = [...input.paths, ...(input.exact ?? []).map((b) => shownBytes(bytesFromBase64(b)))];
  return all.length ? ` (paths: ${logText(all.join(', '))})` : '';
}
