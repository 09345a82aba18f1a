import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { linesToKeep } from './history-compact.js';
import { formatHistoryLine, HISTORY_FILE, type HistoryLine } from './history-format.js';
import { appendHistory, compactHistory, readHistory, recordMissedSlot } from './history-store.js';

// The run history stays bounded: old attempts go (never those whose backups are still present),
// the journal is rewritten atomically, and the newest entries are read from its end.

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hb-history-compact-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const DAY = 86_400_000;
const now = new Date('2026-11-30T12:00:00Z');
const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * DAY).toISOString();

function attemptLines(key: string, daysAgo: number, id: string | null, folder = '/hb'): HistoryLine[] {
  return [
    { v: 1, type: 'begin', key, startedAt: at(daysAgo), trigger: 'Scheduled', user: '', task: '', hotBackupFolder: folder },
    ...(id ? [{ v: 1 as const, type: 'folder' as const, key, id }] : []),
    {
      v: 1, type: 'end', key, endedAt: at(daysAgo), result: id ? 'Succeeded' : 'Failed', phase: id ? 'HotBackup Succeeded' : 'Initializing',
      cause: id ? null : 'data directory gone', causeKind: id ? null : 'bad-input', id, files: 1, bytes: 1, skipped: null,
    },
  ];
}
async function attempt(key: string, daysAgo: number, id: string | null, folder = '/hb') {
  for (const l of attemptLines(key, daysAgo, id, folder)) await appendHistory(dir, l);
}

describe('run history compaction', () => {
  it('drops attempts and missed slots older than keepDays, keeps an old attempt whose backup is still present, and the young ones', async () => {
    await attempt('old-gone', 500, '25073001');
    await attempt('old-present', 450, '25090101');
    await attempt('old-failed', 420, null);
    await recordMissedSlot(dir, { slot: new Date(at(410)), cause: 'the Director was not running', hotBackupFolder: '/hb' }, () => now);
    await attempt('young', 2, '26112801');
    await recordMissedSlot(dir, { slot: new Date(at(1)), cause: 'the Director was not running', hotBackupFolder: '/hb' }, () => now);
    const before = (await stat(join(dir, HISTORY_FILE))).size;
    const dropped = await compactHistory(dir, { clock: () => now, force: true, presentIds: async () => new Set(['25090101', '26112801']) });
    expect(dropped).toBe(3 + 2 + 1); // old-gone (3 lines), old-failed (2), the old missed slot (1)
    expect((await stat(join(dir, HISTORY_FILE))).size).toBeLessThan(before);
    const h = await readHistory(dir);
    expect(h.entries.map((e) => [e.kind, e.id])).toEqual([['attempt', '25090101'], ['attempt', '26112801'], ['missed', null]]);
    // Compacting again changes nothing.
    expect(await compactHistory(dir, { clock: () => now, force: true, presentIds: async () => new Set(['25090101', '26112801']) })).toBe(0);
  });

  it('a folder whose BACKUP.LOG cannot be read keeps every attempt with an ID (an unplugged drive loses no history)', async () => {
    await attempt('old', 500, '25073001', '/unplugged');
    await attempt('old-failed', 500, null, '/unplugged');
    expect(await compactHistory(dir, { clock: () => now, force: true, presentIds: async () => null })).toBe(2);
    expect((await readHistory(dir)).entries.map((e) => e.id)).toEqual(['25073001']);
  });

  it('keeps at most maxEntries young entries, the newest', () => {
    const lines = [0, 1, 2, 3].map((d) => JSON.stringify({ v: 1, type: 'missed', slot: at(d), trigger: 'Scheduled', cause: 'x', recordedAt: at(d), hotBackupFolder: '/hb' }));
    expect(linesToKeep(lines, now, () => false, { keepDays: 30, maxEntries: 2 }).keep).toEqual(lines.slice(0, 2));
  });

  it('a line written by a newer HotBackup and a torn last line are left as they are', async () => {
    await attempt('old-gone', 500, null);
    await appendFile(join(dir, HISTORY_FILE), '{"v":99,"type":"future"}\n{"v":1,"type":"beg');
    expect(await compactHistory(dir, { clock: () => now, force: true, presentIds: async () => new Set() })).toBe(2);
    expect(await readFile(join(dir, HISTORY_FILE), 'utf8')).toBe('{"v":99,"type":"future"}\n{"v":1,"type":"beg');
  });

  it('a damaged line that is not UTF-8, and a torn last line with such bytes, stay byte for byte (no U+FFFD written in their place)', async () => {
    await attempt('old-gone', 500, null);
    const bad = Buffer.from([0x7b, 0x22, 0x76, 0xff, 0xfe, 0x0d, 0xe9, 0x7d]);
    const torn = Buffer.from([0x7b, 0x22, 0x6b, 0xe9, 0x22]);
    await appendFile(join(dir, HISTORY_FILE), Buffer.concat([bad, Buffer.from('\n'), torn]));
    expect(await compactHistory(dir, { clock: () => now, force: true, presentIds: async () => new Set() })).toBe(2);
    expect(await readFile(join(dir, HISTORY_FILE))).toEqual(Buffer.concat([bad, Buffer.from('\n'), torn]));
  });
});

describe('reading the newest entries', () => {
  it('from the end of a long journal gives the same entries as reading it whole', async () => {
    const lines = Array.from({ length: 400 }, (_, i) => attemptLines(`r${i}`, 300 - i * 0.5, i % 3 ? `2611${String(i).padStart(4, '0')}` : null)).flat();
    await writeFile(join(dir, HISTORY_FILE), lines.map(formatHistoryLine).join(''));
    expect((await stat(join(dir, HISTORY_FILE))).size).toBeGreaterThan(2 * 64 * 1024); // more than one chunk from the end
    const whole = (await readHistory(dir)).entries;
    expect(whole).toHaveLength(400);
    for (const limit of [1, 7, 250]) expect((await readHistory(dir, { limit })).entries).toEqual(whole.slice(-limit));
  });
});
