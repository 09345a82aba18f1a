import { buildBrowseIndexInSlices, type BrowseIndex } from './browse-index.js';
import { readBackupManifest } from './manifest-listing.js';
import { entryVolumeRanges, volumeProblems, volumeProblemText, type VolumeProblem } from './volume-damage.js';

export interface BrowsableBackup {
  index: BrowseIndex;
  /** The backup's folder and volumes: `volumeProblems(dir, { volumes })` tells whether `now` still holds. */
  dir: string;
  volumes: { name: string; size: number }[];
  /** Volumes missing or of the wrong size when the index was built. */
  now: VolumeProblem[];
  /** Volumes missing or of the wrong size now, and those the last verify found damaged. */
  badVolumes: VolumeProblem[];
}

export interface KnownDamage {
  /** Volumes the last verify found damaged (by name). */
  volumes?: readonly VolumeProblem[];
  /** Entries the last verify found damaged: archive path → problem. */
  entries?: ReadonlyMap<string, string>;
}

/**
 * A backup as the Browse view sees it: its entries by folder, each file marked when it cannot be
 * restored (it lies in a volume that is missing, short, or that the last verify found damaged, or
 * the last verify named it). Reads MANIFEST.json through the engine's manifest reader and stats
 * the volumes; the volumes themselves are not read.
 */
export async function loadBrowsableBackup(hotBackupFolder: string, id: string, known: KnownDamage = {}): Promise<BrowsableBackup> {
  const { dir, manifest } = await readBackupManifest(hotBackupFolder, id);
  const now = await volumeProblems(dir, manifest);
  const badVolumes = [...now, ...(known.volumes ?? []).filter((v) => !now.some((n) => n.name === v.name))];
  const badAt = new Map<number, string>();
  manifest.volumes.forEach((v, k) => {
    const p = badVolumes.find((b) => b.name === v.name);
    if (p) badAt.set(k, `lies in a damaged volume: ${volumeProblemText(p)}`);
  });
  const ranges = badAt.size ? entryVolumeRanges(manifest) : null;
  const damagedOf = (i: number): string | null => {
    const e = manifest.entries[i];
    const named = e && known.entries?.get(e.path);
    if (named) return named;
    if (!ranges) return null;
    const [first, last] = ranges(i);
    for (let k = first; k <= last; k++) {
      const why = badAt.get(k);
      if (why) return why;
    }
    return null;
  };
  return { index: await buildBrowseIndexInSlices(manifest, damagedOf), badVolumes, dir, volumes: manifest.volumes.map((v) => ({ name: v.name, size: v.size })), now };
}
