import { entryPathBytes, type ManifestEntry } from '../manifest/manifest.js';
import { shownName } from '../../../shared/shown-name.js';
import { Pacer } from '../plan/glob-match.js';
import { BrowseIndexBuilder, type BrowseIndex } from './browse-index.js';
import { openBackupManifest } from '../restore/manifest-listing.js';
import { ManifestNotes } from '../restore/restore-stream.js';
import { volumeProblems, volumeProblemText, volumeRangesByOffset, type VolumeProblem } from './volume-damage.js';

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
  // Read once, a line at a time, never held (issue 16: flat memory): the checking pass builds the
  // index and notes each entry's offset (a Float64Array) and file node (an Int32Array); damage by
  // volume is placed after it, from the offsets, when a volume is missing or damaged.
  const notes = new ManifestNotes();
  const builder = new BrowseIndexBuilder();
  let nodeOf = new Int32Array(1024);
  const visit = (e: ManifestEntry, i: number): void => {
    notes.visit(e, i);
    const n = builder.add(e);
    if (i >= nodeOf.length) {
      const grown = new Int32Array(nodeOf.length * 2);
      grown.set(nodeOf);
      nodeOf = grown;
    }
    nodeOf[i] = n ?? -1;
    // A verdict names an entry as shownName writes it (before: as UTF-8 text, still read).
    const named = n === null || !known.entries ? undefined : (known.entries.get(shownName(entryPathBytes(e))) ?? known.entries.get(e.path));
    if (named) builder.damage(n as number, named);
  };
  const { dir, reader } = await openBackupManifest(hotBackupFolder, id, { pacer: new Pacer(), visit });
  try {
    // A small manifest laid out otherwise is parsed whole, without visiting: its entries are at hand.
    if (!reader.lineByLine) {
      let i = 0;
      for (const e of reader.entries()) visit(e, i++);
    }
    const head = reader.head;
    const now = await volumeProblems(dir, head);
    const badVolumes = [...now, ...(known.volumes ?? []).filter((v) => !now.some((n) => n.name === v.name))];
    const badAt = new Map<number, string>();
    head.volumes.forEach((v, k) => {
      const p = badVolumes.find((b) => b.name === v.name);
      if (p) badAt.set(k, `lies in a damaged volume: ${volumeProblemText(p)}`);
    });
    if (badAt.size) {
      const offsets = notes.offsets.subarray(0, notes.count);
      const offsetOf = (i: number): number | undefined => {
        const o = offsets[i];
        return o === undefined || Number.isNaN(o) ? undefined : o;
      };
      // A manifest parsed whole (laid out by hand) was not noted line by line: every volume may hold an entry.
      const ranges = volumeRangesByOffset(head, reader.lineByLine ? offsetOf : () => undefined);
      const pacer = new Pacer();
      for (let i = 0; i < notes.count; i++) {
        const n = nodeOf[i] as number;
        if (n >= 0) {
          const [first, last] = ranges(i);
          for (let k = first; k <= last; k++) {
            const why = badAt.get(k);
            if (why) {
              builder.damage(n, why);
              break;
            }
          }
        }
        const wait = pacer.add(16);
        if (wait) await wait;
      }
    }
    const index = await builder.finished();
    return { index, badVolumes, dir, volumes: head.volumes.map((v) => ({ name: v.name, size: v.size })), now };
  } finally {
    await reader.close();
  }
}
