import type { ManifestEntry } from '../manifest/manifest.js';
import type { Owner } from '../plan/owner-names.js';
import { tarPieces, type ArchiveLayout } from '../tar/archive-reader.js';
import { TarFormatError, TarParser } from '../tar/tar-parse.js';
import { Extractor } from './extract-writer.js';
import type { RestoreItem } from './restore-plan.js';
import type { ItemSource } from './restore-stream.js';

// Reads the stretches of a backup's tar that hold the selected entries and hands them to the
// Extractor (extract-writer.ts); the event loop gets a turn between chunks. Damage costs only the
// entries it touches: reading starts again at the next entry after it.

export interface ExtractResult {
  files: number;
  directories: number;
  symlinks: number;
  /** Bytes of the files restored. */
  bytes: number;
  failed: { path: string; problem: string }[];
  /** Entries restored without their setuid/setgid bit. */
  notes: string[];
  /** Symbolic links, made last by the caller (nothing is ever written through one). */
  links: RestoreItem[];
}

export interface ExtractOptions {
  signal?: AbortSignal;
  onProgress?(bytesDone: number, bytesTotal: number, current: string | null): void;
  /** As root: whose each restored entry becomes (files and folders as they are made). */
  owner?(m: ManifestEntry): Owner;
  /**
   * Make the symbolic links (`links`), after every file and before the folders' modes and times are
   * set: a link made later changed its folder's time, and a read-only folder would refuse it.
   */
  makeLinks?(links: readonly RestoreItem[]): Promise<void>;
}

/** What to read: the stretches of the tar, every entry's offset (where reading starts again after damage), and the selected items in tar order. */
export interface ExtractPlan {
  spans: readonly { from: number; to: number }[];
  /** Ascending; empty when the manifest has no offsets. */
  offsets: ArrayLike<number>;
  items(missed: (it: RestoreItem) => void): ItemSource;
}

const nextOffset = (offsets: ArrayLike<number>, pos: number): number => {
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((offsets[mid] as number) < pos) lo = mid + 1;
    else hi = mid;
  }
  return offsets[lo] ?? Number.MAX_SAFE_INTEGER;
};

/**
 * Read only the stretches of the tar that hold the selected entries (seeking straight to their
 * gzip members) and unpack them under `root`. Damage (a missing volume, a bad member, a broken
 * header) costs the entries it touches: reading starts again at the next entry after it.
 */
export async function extractSelected(layout: ArchiveLayout, plan: ExtractPlan, root: string, opts: ExtractOptions = {}): Promise<ExtractResult> {
  const x = new Extractor(Buffer.from(root, 'utf8'), opts.owner);
  const damage: { pos: number; end: number; problem: string }[] = [];
  // An item never met: the damage that covers it, if any, says why.
  x.source = plan.items((it) => {
    const hit = damage.find((d) => it.start !== null && it.end !== null && d.pos < it.end && (d.end > it.start || d.end === d.pos));
    x.result.failed.push({ path: it.m.path, problem: hit ? hit.problem : 'not found in the archive' });
  });
  const spans = plan.spans;
  const total = spans.reduce((s, sp) => s + (sp.to === Number.MAX_SAFE_INTEGER ? 0 : sp.to - sp.from), 0);
  let doneBytes = 0;
  let lastYield = Date.now();
  try {
    await extractSpans();
  } catch (err) {
    x.release();
    throw err;
  }
  async function extractSpans(): Promise<void> {
    for (const span of spans) {
      let parser = new TarParser(x, span.from);
      const resync = (pos: number, why: string) => {
        x.abort(why);
        const at = plan.offsets.length ? nextOffset(plan.offsets, pos) : Number.MAX_SAFE_INTEGER;
        parser = new TarParser(x, at);
      };
      for await (const piece of tarPieces(layout, span.from, span.to, opts.signal)) {
        if (piece.problem !== undefined) {
          damage.push(piece);
          if (piece.end > parser.pos) resync(piece.end, piece.problem);
          continue;
        }
        let pos = piece.pos;
        let data = piece.data;
        while (data.length > 0 && parser.pos < span.to) {
          if (pos + data.length <= parser.pos) break;
          if (pos < parser.pos) {
            data = data.subarray(parser.pos - pos);
            pos = parser.pos;
          }
          if (pos > parser.pos) {
            resync(pos, `the archive has a gap before tar byte ${pos}`);
            continue;
          }
          const part = data.subarray(0, Math.max(0, span.to - pos));
          try {
            parser.write(part);
            pos += part.length;
            data = data.subarray(part.length);
          } catch (err) {
            if (!(err instanceof TarFormatError)) throw err;
            damage.push({ pos: parser.pos, end: parser.pos, problem: err.message });
            resync(parser.pos, err.message);
          }
        }
        doneBytes += piece.data.length;
        opts.onProgress?.(Math.min(doneBytes, total), total, null);
        if (Date.now() - lastYield > 10) {
          await new Promise((r) => setImmediate(r));
          lastYield = Date.now();
        }
      }
      if (parser.inside) x.abort('cut off: the archive ends inside it');
    }
  }
  x.source.finish();
  await opts.makeLinks?.(x.result.links);
  x.finishFolders();
  return x.result;
}
