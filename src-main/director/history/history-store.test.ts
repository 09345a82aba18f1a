import { appendFile, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HISTORY_FORMAT } from '../../../shared/history.js';
import { HotBackupError } from '../../../shared/result.js';
import { foldHistory, HISTORY_FILE, parseHistory } from './history-format.js';
import { appendHistory, readHistory, recordMissedSlot } from './history-store.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hb-history-'));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const begin = (key: string, startedAt: string) => ({ v: 1 as const, type: 'begin' as const, key, startedAt, trigger: 'On Demand', user: 'ann', task: '', hotBackupFolder: '/hb' });

describe('run history journal', () => {
  it('folds begin, folder and end into one attempt; a begin alone is Interrupted unless it is the active run', () => {
    const lines = parseHistory(
      [
        JSON.stringify(begin('r1', '2026-11-30T01:00:00.000+00:00')),
        JSON.stringify({ v: 1, type: 'folder', key: 'r1', id: '26113001' }),
        JSON.stringify({ v: 1, type: 'end', key: 'r1', endedAt: '2026-11-30T01:01:00.000+00:00', result: 'Succeeded', phase: 'HotBackup Succeeded', cause: null, causeKind: null, id: '26113001', files: 3, bytes: 30, skipped: { vanished: 1, unreadable: 0, special: 0 } }),
        JSON.stringify(begin('r2', '2026-11-30T02:00:00.000+00:00')),
        JSON.stringify(begin('r3', '2026-11-30T03:00:00.000+00:00')),
      ].join('\n'),
    ).lines;
    const entries = foldHistory(lines, 'r3');
    expect(entries.map((e) => [e.key, e.result, e.id, e.skipped?.vanished ?? null, e.causeKind])).toEqual([
      ['r1', 'Succeeded', '26113001', 1, null],
      ['r2', 'Interrupted', null, null, 'interrupted'],
      ['r3', 'In Progress', null, null, null],
    ]);
  });

  it('keeps a torn last line aside, rewrites the journal without it, and the next append starts on a fresh line', async () => {
    await appendHistory(dir, begin('r1', '2026-11-30T01:00:00.000+00:00'));
    await appendFile(join(dir, HISTORY_FILE), '{"v":1,"type":"beg'); // a power cut mid-write
    await appendHistory(dir, begin('r2', '2026-11-30T02:00:00.000+00:00'));
    const l = await readHistory(dir, { clock: () => new Date('2026-11-30T05:00:00Z') });
    expect(l.entries.map((e) => e.key)).toEqual(['r1', 'r2']);
    expect(l.damaged).toBe(1);
    expect(l.damagedFile).toBe(join(dir, `${HISTORY_FILE}.damaged-20261130T050000Z`));
    expect(await readFile(l.damagedFile!, 'utf8')).toBe('{"v":1,"type":"beg\n');
    expect(l.messages[0]).toMatch(/1 damaged line\(s\) \(not a complete JSON line/);
    // Repaired: a second read finds nothing to repair.
    const again = await readHistory(dir);
    expect([again.damaged, again.entries.length]).toEqual([0, 2]);
  });

  it('a damaged line that is not UTF-8 is kept aside byte for byte (not rewritten with U+FFFD), also when read from the end', async () => {
    await appendHistory(dir, begin('r1', '2026-11-30T01:00:00.000+00:00'));
    // Bytes changed on disk inside a line that still parses once decoded with replacement characters.
    const bad = Buffer.concat([Buffer.from(JSON.stringify(begin('r2', '2026-11-30T02:00:00.000+00:00')).replace('ann', 'a@@')), Buffer.from('\n')]);
    bad.write('\xe9\xff', bad.indexOf('@@'), 'latin1');
    await appendFile(join(dir, HISTORY_FILE), bad);
    await appendHistory(dir, begin('r3', '2026-11-30T03:00:00.000+00:00'));
    const l = await readHistory(dir, { limit: 10, clock: () => new Date('2026-11-30T05:00:00Z') });
    expect(l.entries.map((e) => e.key)).toEqual(['r1', 'r3']);
    expect(l.damaged).toBe(1);
    expect(l.messages[0]).toMatch(/1 damaged line\(s\) \(not UTF-8 text/);
    expect(await readFile(l.damagedFile!)).toEqual(bad);
    expect((await readFile(join(dir, HISTORY_FILE), 'utf8')).includes('\ufffd')).toBe(false);
    expect((await readHistory(dir)).damaged).toBe(0);
  });

  it('lines from a newer format are left in the file, not shown, and said so', async () => {
    await writeFile(join(dir, HISTORY_FILE), JSON.stringify({ v: HISTORY_FORMAT + 1, type: 'begin', key: 'x' }) + '\n');
    await appendHistory(dir, begin('r1', '2026-11-30T01:00:00.000+00:00'));
    const l = await readHistory(dir);
    expect(l.entries.map((e) => e.key)).toEqual(['r1']);
    expect(l.messages).toEqual([`1 line(s) of ${HISTORY_FILE} were written by a newer HotBackup and are not shown`]);
    expect(await readFile(join(dir, HISTORY_FILE), 'utf8')).toContain(`"v":${HISTORY_FORMAT + 1}`);
    expect((await readdir(dir)).filter((f) => f.includes('damaged'))).toEqual([]);
  });

  it('a missed slot is listed at its slot time with its cause', async () => {
    await appendHistory(dir, begin('r1', '2026-11-30T01:00:00.000+00:00'));
    await recordMissedSlot(dir, { slot: new Date('2026-11-30T00:30:00Z'), cause: 'the Director was not running', hotBackupFolder: '/hb' });
    const l = await readHistory(dir);
    expect(l.entries.map((e) => [e.kind, e.result, e.trigger, e.cause])).toEqual([
      ['missed', 'Missed', 'Scheduled', 'the Director was not running'],
      ['attempt', 'Interrupted', 'On Demand', 'the process running it ended before it finished (killed, crashed or power cut)'],
    ]);
    expect(Date.parse(l.entries[0]!.startedAt)).toBe(Date.parse('2026-11-30T00:30:00Z'));
  });
});

describe('run history file problems', () => {
  it('a history that cannot be read is reported in words with the file and the fix, never a raw errno', async () => {
    await mkdir(join(dir, HISTORY_FILE)); // not a file: reading it fails with EISDIR
    const err = await readHistory(dir).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(HotBackupError);
    expect((err as HotBackupError).code).toBe('IO_ERROR');
    expect((err as Error).message).toContain(join(dir, HISTORY_FILE));
    expect((err as Error).message).not.toMatch(/\bE[A-Z]{3,}\b/);
  });

  it('is never written through a symbolic link planted in place of the journal', async () => {
    const target = join(dir, 'elsewhere.txt');
    await writeFile(target, 'precious\n');
    await symlink(target, join(dir, HISTORY_FILE));
    await expect(appendHistory(dir, begin('r1', '2026-11-30T01:00:00.000+00:00'))).rejects.toThrow(/symbolic link/);
    expect(await readFile(target, 'utf8')).toBe('precious\n');
  });
});

describe('run history: repair and append at once', () => {
  it('a line appended while a read repairs the journal is kept', async () => {
    for (let i = 0; i < 20; i++) {
      await appendFile(join(dir, HISTORY_FILE), '{"torn\n');
      await Promise.all([readHistory(dir), appendHistory(dir, begin(`r${i}`, `2026-11-30T01:${String(i).padStart(2, '0')}:00.000+00:00`))]);
    }
    const keys = (await readHistory(dir)).entries.map((e) => e.key);
    expect(keys).toEqual(Array.from({ length: 20 }, (_, i) => `r${i}`));
  });
});
