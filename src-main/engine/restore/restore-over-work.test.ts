import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JOURNAL_FILE, listItems, rollBackRestoreOver, type Journal } from './restore-over-work.js';

// The plan of a restore-over (the items it puts back) is written a line at a time and read back
// the same way, so a million files restored over a million are never held as a list; a plan
// written by an earlier HotBackup as one JSON array is still rolled back after a crash.

let root = '';
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-over-work-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A restore-over cut short after it put `a.txt` in place: the original is set aside in the work folder. */
async function cutShort(plan: string): Promise<{ config: string; data: string }> {
  const config = join(root, 'config');
  const data = join(root, 'office');
  const work = join(root, 'work', '26120101-1-dir1');
  await mkdir(config);
  await mkdir(data);
  await mkdir(join(work, 'originals'), { recursive: true });
  await mkdir(join(work, 'restored', 'data'), { recursive: true });
  await writeFile(join(work, 'originals', 'a.txt'), 'a, as it was');
  await writeFile(join(data, 'a.txt'), 'a, restored');
  await writeFile(join(work, 'plan.json'), plan);
  const j: Journal = { backupId: '26120101', startedAt: '2026-12-01T01:00:00.000Z', dirs: [{ dataDir: data, top: 'data', work }] };
  await writeFile(join(config, JOURNAL_FILE), JSON.stringify(j));
  return { config, data };
}

describe('restore-over plan', () => {
  it.each([
    ['a line each (this release)', '"a.txt"\n"b.txt"\n'],
    ['one JSON array (earlier releases)', '["a.txt","b.txt"]\n'],
  ])('a plan written as %s is rolled back after a crash', async (_, plan) => {
    const { config, data } = await cutShort(plan);
    expect(await rollBackRestoreOver(config)).toEqual([`${data}: 2 change(s) undone`]);
    expect(await readFile(join(data, 'a.txt'), 'utf8')).toBe('a, as it was');
    expect(await readdir(config)).toEqual([]);
  });

  it('lists the items a line each, entering folders present on both sides', async () => {
    const data = join(root, 'office');
    const work = join(root, 'work', 'w');
    await mkdir(join(data, 'Clients'), { recursive: true });
    await mkdir(join(work, 'restored', 'data', 'Clients'), { recursive: true });
    await mkdir(join(work, 'restored', 'data', 'New'), { recursive: true });
    for (const f of ['Clients/a.txt', 'Clients/b.txt', 'top.txt']) await writeFile(join(work, 'restored', 'data', f), f);
    expect(await listItems({ dataDir: data, top: 'data', work })).toBe(4);
    expect(await readFile(join(work, 'plan.json'), 'utf8')).toBe('"Clients/a.txt"\n"Clients/b.txt"\n"New"\n"top.txt"\n');
  });
});
