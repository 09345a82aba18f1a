import type { Plan } from './plan-types.js';

/**
 * The PLAN file ("backup script") of a backup: what the run intends to save, one entry a line:
 *   kind|size|mode(octal)|mtime(ISO UTC)|archive path|source path|link target or companions|
 * A `|` or line break inside a path is escaped as in BACKUP.LOG (`\p`, `\n`, `\\`).
 */
const NEEDS_ESCAPE = /[\\|\n]/;
/** Most names need nothing escaped: one test, and the three replacements only when they would change something. */
const esc = (s: string) => (NEEDS_ESCAPE.test(s) ? s.replace(/\\/g, '\\\\').replace(/\|/g, '\\p').replace(/\r?\n/g, '\\n') : s);

/** The PLAN text in pieces of about 64 KiB, written as made: a million entries never make one string. */
export function* planText(plan: Plan, createdAt: string): Generator<string> {
  let lines: string[] = [
    `# HotBackup PLAN, written ${createdAt}`,
    `# files=${plan.totals.files} sqlite=${plan.totals.sqlite} directories=${plan.totals.directories} symlinks=${plan.totals.symlinks} bytes=${plan.totals.bytes}`,
  ];
  let chars = 0;
  const add = (line: string) => {
    lines.push(line);
    chars += line.length + 1;
  };
  plan.dataDirectories.forEach((d, i) => add(`# data directory ${i + 1}: ${esc(d.path)} -> ${esc(d.top)}/`));
  for (const s of plan.skipped) add(`# skipped: ${esc(s.source)} (${esc(s.reason)})`);
  add('# kind|size|mode|mtime|archive path|source|link or companions|');
  for (const e of plan.entries) {
    const extra = e.kind === 'symlink' ? (e.linkTarget ?? '') : (e.companions ?? []).join(',');
    // kind, size, mode and time never hold a character to escape.
    add(`${e.kind}|${e.size}|${e.mode.toString(8).padStart(4, '0')}|${new Date(e.mtimeMs).toISOString()}|${esc(e.archivePath)}|${esc(e.source)}|${esc(extra)}|`);
    if (chars >= 64 * 1024) {
      yield lines.join('\n') + '\n';
      lines = [];
      chars = 0;
    }
  }
  if (lines.length) yield lines.join('\n') + '\n';
}

export const formatPlan = (plan: Plan, createdAt: string): string => [...planText(plan, createdAt)].join('');
