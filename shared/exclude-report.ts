// Exclude patterns that matched nothing in a backup's walk (a typo, a folder moved or renamed):
// a warning, never an error. The run writes one HB.LOG line per pattern (HB_EXCLUDE_UNMATCHED);
// the Director reads the newest backup's lines for the Data Directories editor.
import { z } from 'zod';

export const EXCLUDE_UNMATCHED_CODE = 'HB_EXCLUDE_UNMATCHED';

const quoted = (v: string) => `"${v.replace(/["\\]/g, '\\$&')}"`;
const unquote = (v: string) => v.replace(/\\(.)/g, '$1');

/** HB.LOG detail: `exclude pattern "*.tmpp" matched nothing in "/srv/Clients"`. */
export function unmatchedExcludeDetail(dataDirectory: string, pattern: string): string {
  return `exclude pattern ${quoted(pattern)} matched nothing in ${quoted(dataDirectory)}`;
}

export function parseUnmatchedExclude(detail: string): UnmatchedExclude | null {
  const m = /^exclude pattern "((?:[^"\\]|\\.)*)" matched nothing in "((?:[^"\\]|\\.)*)"$/.exec(detail);
  return m ? { pattern: unquote(m[1] as string), path: unquote(m[2] as string) } : null;
}

export const UnmatchedExclude = z.object({ path: z.string(), pattern: z.string() });
export type UnmatchedExclude = z.infer<typeof UnmatchedExclude>;

/** What the newest backup's walk found (null id: no backup yet, or it had no HB.LOG). */
export const ExcludeReport = z.object({
  id: z.string().nullable(),
  started: z.string().nullable(),
  unmatched: z.array(UnmatchedExclude),
});
export type ExcludeReport = z.infer<typeof ExcludeReport>;

/** The patterns of one data directory the report found unmatched. */
export const unmatchedFor = (report: ExcludeReport | null, path: string): Set<string> =>
  new Set((report?.unmatched ?? []).filter((u) => u.path === path).map((u) => u.pattern));
