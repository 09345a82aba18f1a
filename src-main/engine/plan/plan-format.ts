import { shownName } from '../../../shared/shown-name.js';
import type { Plan } from './plan-types.js';

/**
 * The PLAN file ("backup script") of a backup: what the run intends to save, one entry a line:
 *   kind|size|mode(octal)|mtime(ISO UTC)|archive path|source path|link target or companions|
 * A `|` or line break inside a path is escaped as in BACKUP.LOG (`\p`, `\n`, `\\`). A name that is
 * not UTF-8 is written as HB.LOG shows it (shownName: `\xe9` for such a byte, `\x0a` for a line
 * break, `\\` for a backslash), its `|` as `\p`: two names one byte apart never read alike.
 */
const NEEDS_ESCAPE = /[\\|\n]/;
/** Most names need nothing escaped: one test, and the three replacements only when they would change something. */
const esc = (s: string) => (NEEDS_ESCAPE.test(s) ? s.replace(/\\/g, '\\\\').replace(/\|/g, '\\p').replace(/\r?\n/g, '\\n') : s);
/** A path field: its text escaped, or its exact bytes as shown for people when they are not UTF-8. */
const field = (text: string, bytes: Buffer | undefined) => (bytes ? shownName(bytes).replace(/\|/g, '\\p') : esc(text));

const PIECE = 64 * 1024;
const BACKSLASH = 0x5c;
const BAR = 0x7c;
const NEWLINE = 0x0a;
/** A name's bytes hold nothing `esc` would change. */
const plainBytes = (b: Buffer) => b.indexOf(BACKSLASH) === -1 && b.indexOf(BAR) === -1 && b.indexOf(NEWLINE) === -1;

/** `mode` as four octal digits. */
const octal4 = (mode: number) => mode.toString(8).padStart(4, '0');

/**
 * Lines gathered into 64 KiB buffers. A plain entry (most of them: a file or folder whose name
 * needs no escaping) is written from the table's bytes, with no entry object, no name strings
 * and the ISO time's seconds reused from the line before: a million entries take a fraction of
 * the time (the PLAN is written before the snapshot point, so a yellow request waits for it).
 */
class Pieces {
  private buf = Buffer.allocUnsafe(PIECE * 2);
  private used = 0;

  text(s: string): void {
    this.room(s.length * 3);
    this.used += this.buf.write(s, this.used, 'utf8');
  }

  bytes(b: Uint8Array): void {
    this.room(b.length);
    this.buf.set(b, this.used);
    this.used += b.length;
  }

  private room(n: number): void {
    if (this.used + n <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.used + n));
    this.buf.copy(bigger, 0, 0, this.used);
    this.buf = bigger;
  }

  /** The gathered bytes once there are 64 KiB or more (`force`: whatever there is), else null. */
  take(force = false): Buffer | null {
    if (this.used === 0 || (!force && this.used < PIECE)) return null;
    const out = Buffer.from(this.buf.subarray(0, this.used));
    this.used = 0;
    return out;
  }
}

/** ISO 8601 UTC of a time in ms, the part up to the seconds reused while the second stays the same. */
class IsoTimes {
  private second = NaN;
  private prefix = '';

  of(ms: number): string {
    // As Date does: the time cut to whole milliseconds toward zero.
    const t = Math.trunc(ms);
    const s = Math.floor(t / 1000);
    if (s !== this.second) {
      const iso = new Date(t).toISOString();
      if (iso.length !== 24) return iso;
      this.second = s;
      this.prefix = iso.slice(0, 20);
    }
    return `${this.prefix}${String(t - s * 1000).padStart(3, '0')}Z`;
  }
}

/** The PLAN text in pieces of about 64 KiB, written as made: a million entries never make one string. */
export function* planText(plan: Plan, createdAt: string): Generator<Buffer> {
  const out = new Pieces();
  const add = (line: string) => out.text(line + '\n');
  add(`# HotBackup PLAN, written ${createdAt}`);
  add(`# files=${plan.totals.files} sqlite=${plan.totals.sqlite} directories=${plan.totals.directories} symlinks=${plan.totals.symlinks} bytes=${plan.totals.bytes}`);
  plan.dataDirectories.forEach((d, i) => add(`# data directory ${i + 1}: ${esc(d.path)} -> ${esc(d.top)}/`));
  for (const s of plan.skipped) add(`# skipped: ${esc(s.source)} (${esc(s.reason)})`);
  add('# kind|size|mode|mtime|archive path|source|link or companions|');
  const table = plan.entries;
  // Per data directory (as the table joins names to it): its top folder and path as written, with what joins each to a name.
  const roots = table.roots.map((d) => ({
    top: Buffer.from(esc(d.top), 'utf8'),
    topSlash: Buffer.from(`${esc(d.top)}/`, 'utf8'),
    path: Buffer.from(esc(d.path), 'utf8'),
    pathSlash: Buffer.from(d.path.endsWith('/') ? esc(d.path) : `${esc(d.path)}/`, 'utf8'),
  }));
  const times = new IsoTimes();
  for (let i = 0; i < table.length; i++) {
    if (table.isRemoved(i)) continue;
    const rel = table.plainName(i);
    const root = roots[table.dirAt(i)];
    if (rel && root && plainBytes(rel)) {
      // kind, size, mode and time never hold a character to escape; companions and links are rare fields (not plain).
      out.text(`${table.kindAt(i)}|${table.sizeAt(i)}|${octal4(table.modeAt(i))}|${times.of(table.mtimeAt(i))}|`);
      if (rel.length === 0) {
        out.bytes(root.top);
        out.text('|');
        out.bytes(root.path);
      } else {
        out.bytes(root.topSlash);
        out.bytes(rel);
        out.text('|');
        out.bytes(root.pathSlash);
        out.bytes(rel);
      }
      out.text('||\n');
    } else {
      const e = table.get(i);
      const extra = e.kind === 'symlink' ? (e.linkTarget ?? '') : (e.companions ?? []).join(',');
      const extraField = e.kind === 'symlink' ? field(extra, e.linkBytes) : esc(extra);
      add(`${e.kind}|${e.size}|${octal4(e.mode)}|${new Date(e.mtimeMs).toISOString()}|${field(e.archivePath, e.archiveBytes)}|${field(e.source, e.sourcePath)}|${extraField}|`);
    }
    const piece = out.take();
    if (piece) yield piece;
  }
  const last = out.take(true);
  if (last) yield last;
}

export const formatPlan = (plan: Plan, createdAt: string): string => Buffer.concat([...planText(plan, createdAt)]).toString('utf8');
