import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DirectorServices } from '../services.js';
import { folderCheckHandlers } from './folder-check.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-folder-check-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});
const check = (path: string) => folderCheckHandlers({} as DirectorServices)['folder.check']({ path }, {} as never);

describe('folder.check', () => {
  it('an existing folder: no problem, its drive’s free space', async () => {
    const r = await check(root);
    expect(r).toMatchObject({ problem: null, exists: true });
    expect(r.freeBytes).toBeGreaterThan(0);
  });
  it('a folder not made yet: the free space of the drive it will be on', async () => {
    expect(await check(join(root, 'new', 'HotBackup'))).toMatchObject({ problem: null, exists: false, freeBytes: expect.any(Number) });
  });
  it.each([
    ['relative/backups', /relative path/],
    ['\\\\server\\share', /network \(UNC\) path/],
  ])('%s is refused, naming it', async (path, why) => {
    const r = await check(path);
    expect(r.problem).toMatch(why);
    expect(r.freeBytes).toBeNull();
  });
});
