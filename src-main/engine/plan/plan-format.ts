import type { Plan } from './plan-types.js';

/**
 * The PLAN file ("backup script") of a backup: what the run intends to save, one entry a line:
 *   kind|size|mode(octal)|mtime(ISO UTC)|archive path|source path|link target or companions|
 * A `|` or line break inside a path is escaped as in BACKUP.LOG (`\p`, `\n`, `\\`).
 */
const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\p').replace(/\r?\n/g, '\\n');

export function formatPlan(plan: Plan, createdAt: string): string {
  const lines: string[] = [
    `# HotBackup PLAN, written ${createdAt}`,
    `# files=${plan.totals.files} sqlite=${plan.totals.sqlite} directories=${plan.totals.directories} symlinks=${plan.totals.symlinks} bytes=${plan.totals.bytes}`,
  ];
  plan.dataDirectories.forEach((d, i) => lines.push(`# data directory ${i + 1}: ${esc(d.path)} -> ${esc(d.top)}/`));
  for (const s of plan.skipped) lines.push(`# skipped: ${esc(s.source)} (${esc(s.reason)})`);
  lines.push('# kind|size|mode|mtime|archive path|source|link or companions|');
  for (const e of plan.entries) {
    const extra = e.kind === 'symlink' ? (e.linkTarget ?? '') : (e.companions ?? []).join(',');
    lines.push(
      [e.kind, String(e.size), e.mode.toString(8).padStart(4, '0'), new Date(e.mtimeMs).toISOString(), e.archivePath, e.source, extra]
        .map(esc)
        .join('|') + '|',
    );
  }
  return lines.join('\n') + '\n';
}
