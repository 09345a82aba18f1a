import { appendFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { OffsiteCopyRecord } from '../../../shared/offsite.js';
import { TempDirs } from '../../engine/testing/engine-fixtures.js';
import { appendOffsiteHistory, OFFSITE_HISTORY, readOffsiteHistory } from './offsite-history.js';

const temps = new TempDirs();
afterAll(() => temps.cleanup());

const record = (n: number): OffsiteCopyRecord => ({
  target: 'nas',
  label: 'Office NAS',
  backupId: `261130${String((n % 90) + 1).padStart(2, '0')}`,
  started: `2026-11-30T22:00:${String(n % 60).padStart(2, '0')}Z`,
  ended: `2026-11-30T22:01:${String(n % 60).padStart(2, '0')}Z`,
  ok: n % 2 === 0,
  attempt: 1,
  bytesSent: n,
  error: n % 2 === 0 ? '' : 'down',
  encrypted: true,
});

describe('offsite-history.jsonl', () => {
  it('a history of years (here a 3 GiB file) is read from its end: the last records, oldest first', async () => {
    const dir = temps.make('offsite-history');
    const file = join(dir, OFFSITE_HISTORY);
    await writeFile(file, '');
    // Sparse: takes no room, but reading it whole cannot be done (Node refuses a file over 2 GiB).
    await truncate(file, 3 * 1024 ** 3);
    await appendFile(file, '\n');
    for (let n = 1; n <= 120; n++) await appendOffsiteHistory(dir, record(n));
    const last = await readOffsiteHistory(dir, 50);
    expect(last.map((r) => r.bytesSent)).toEqual(Array.from({ length: 50 }, (_, i) => 71 + i));
    expect((await readOffsiteHistory(dir, 500)).map((r) => r.bytesSent)).toEqual(Array.from({ length: 120 }, (_, i) => 1 + i));
  });

  it('reads format 1 lines with or without "v"; skips a later format, a line cut short and a damaged one', async () => {
    const dir = temps.make('offsite-history');
    const { v: _, ...plain } = { v: 1, ...record(1) };
    const lines = [JSON.stringify({ v: 1, ...record(2) }), JSON.stringify(plain), JSON.stringify({ v: 2, ...record(3) }), '{"v":1,"target":"na', 'not json', JSON.stringify({ v: 1, ...record(4) })];
    await writeFile(join(dir, OFFSITE_HISTORY), lines.join('\n') + '\n');
    expect((await readOffsiteHistory(dir)).map((r) => r.bytesSent)).toEqual([2, 1, 4]);
    expect(await readOffsiteHistory(temps.make('offsite-history-none'))).toEqual([]);
  });

  it('a record appended after a line cut short by a power cut is kept (it starts a line of its own)', async () => {
    const dir = temps.make('offsite-history');
    await appendOffsiteHistory(dir, record(2));
    // The Director killed while it appended: half a line, no line end.
    await appendFile(join(dir, OFFSITE_HISTORY), JSON.stringify({ v: 1, ...record(4) }).slice(0, 60));
    await appendOffsiteHistory(dir, record(6));
    expect((await readOffsiteHistory(dir)).map((r) => r.bytesSent)).toEqual([2, 6]);
  });
});
