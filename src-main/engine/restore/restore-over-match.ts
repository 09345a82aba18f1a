import type { DataDirectory } from '../../../shared/settings.js';
import { bytesFromBase64 } from '../../../shared/raw-path.js';
import { shownName } from '../../../shared/shown-name.js';
import type { ManifestHead } from '../manifest/manifest.js';
import { signatureProblem, type SignatureVerdict } from '../manifest/manifest-signature.js';

// Pure: which configured data directory each of a backup's data directories goes back into.
// The destination always comes from the settings: the backup only names a directory's ID, and
// only a backup signed with this installation's key is believed about that.

export interface OverTarget {
  /** The backup's top folder for it. */
  top: string;
  label: string;
  /** The configured data directory (from the settings) it is restored over. */
  path: string;
  id: string;
}

/** The archive-path globs (anchored with a leading '/') that select `paths` under `top`; null = none. */
export function globsForTop(top: string, paths: readonly string[]): string[] | null {
  if (paths.length === 0) return [`/${top}`];
  const mine = paths.filter((p) => p === top || p.startsWith(`${top}/`));
  return mine.length > 0 ? mine.map((p) => `/${p}`) : null;
}

/** The exact paths (base64) that lie under `top` (its first part's bytes are `top`'s). */
function exactForTop(top: string, exact: readonly string[]): string[] {
  const t = new TextEncoder().encode(top);
  return exact.filter((b64) => {
    const b = bytesFromBase64(b64);
    return (b.length === t.length || b[t.length] === 0x2f) && t.every((x, i) => b[i] === x);
  });
}

const intoNewFolder = 'Restore it into a new folder instead, then copy what you need.';

/** Why backup `id` is not restored over live data when its signature does not vouch for it (`problem` in words). */
export const matchRefusal = (id: string, problem: string): string => `Backup ${id} cannot be restored over live data: ${problem}. ${intoNewFolder}`;

/**
 * The targets of a restore-over of `paths` (empty = all), or why it is refused (a sentence
 * naming the backup and the directory, with what to do).
 */
export function matchRestoreOver(
  id: string,
  manifest: Pick<ManifestHead, 'dataDirectories'>,
  signature: SignatureVerdict,
  configured: readonly DataDirectory[],
  paths: readonly string[],
  exact: readonly string[] = [],
): { targets: (OverTarget & { globs: string[]; exact: string[] })[] } | { refused: string } {
  const problem = signatureProblem(signature);
  if (problem) return { refused: matchRefusal(id, problem) };
  const chosen = manifest.dataDirectories
    .map((d) => {
      const mine = exactForTop(d.top, exact);
      // Only exact paths asked: a top folder none of them is in is left alone (not "everything").
      const globs = paths.length === 0 && exact.length > 0 ? null : globsForTop(d.top, paths);
      return { d, globs: globs ?? (mine.length > 0 ? [] : null), exact: mine };
    })
    .filter((x) => x.globs !== null);
  if (chosen.length === 0) {
    return { refused: `None of ${[...paths, ...exact.map((b) => shownName(bytesFromBase64(b)))].map((p) => `"${p}"`).join(', ')} is in backup ${id}: choose paths from its file list.` };
  }
  const targets: (OverTarget & { globs: string[]; exact: string[] })[] = [];
  for (const { d, globs, exact: mine } of chosen) {
    const name = d.label ? `"${d.label}" (${d.top}/)` : `${d.top}/`;
    const match = d.id ? configured.find((c) => c.id === d.id) : undefined;
    if (!match) {
      const why = d.id ? 'is no longer among the data directories in the settings' : 'was backed up before data directories had IDs';
      return { refused: `Backup ${id}'s data directory ${name} ${why}, so there is no original to restore it over. ${intoNewFolder}` };
    }
    targets.push({ top: d.top, label: match.label || d.label, path: match.path, id: match.id as string, globs: globs as string[], exact: mine });
  }
  return { targets };
}
