import { describe, expect, it } from 'vitest';
import { EntryTable } from './entry-table.js';
import { formatPlan } from './plan-format.js';
import type { Plan } from './plan-types.js';

describe('formatPlan', () => {
  it('writes one line per entry and escapes |, line breaks and backslashes in names (and only there)', () => {
    const entries = new EntryTable([{ path: '/data', top: 'data' }]);
    const base = { dataDir: 0, mode: 0o640, mtimeMs: Date.UTC(2026, 10, 20, 8, 30), uid: 0, gid: 0 };
    entries.push({ ...base, kind: 'file', archivePath: 'data/plain.txt', source: '/data/plain.txt', size: 12 });
    entries.push({ ...base, kind: 'file', archivePath: 'data/a|b\\c\nd\r\ne.txt', source: '/data/a|b\\c\nd\r\ne.txt', size: 3 });
    entries.push({ ...base, kind: 'symlink', archivePath: 'data/l', source: '/data/l', size: 0, linkTarget: 'x|y' });
    const plan: Plan = { dataDirectories: [{ path: '/data', label: '', top: 'data' }], entries, totals: { files: 2, sqlite: 0, directories: 0, symlinks: 1, bytes: 15 }, skipped: [] };
    const lines = formatPlan(plan, 'now').split('\n');
    expect(lines.slice(-4)).toEqual([
      'file|12|0640|2026-11-20T08:30:00.000Z|data/plain.txt|/data/plain.txt||',
      'file|3|0640|2026-11-20T08:30:00.000Z|data/a\\pb\\\\c\\nd\\ne.txt|/data/a\\pb\\\\c\\nd\\ne.txt||',
      'symlink|0|0640|2026-11-20T08:30:00.000Z|data/l|/data/l|x\\py|',
      '',
    ]);
  });
});
