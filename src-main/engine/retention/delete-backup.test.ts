import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readBackupLog } from '../vault/backup-log.js';
import { deleteBackup } from './delete-backup.js';
import { makeBackupFixture } from '../testing/backup-fixture.js';

let root = '';
let hb = '';
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-delete-'));
  hb = join(root, 'HotBackup');
  await mkdir(hb);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const files = [{ path: 'data/a.txt', content: 'a' }];

describe('deleteBackup', () => {
  it('never reaches outside the HotBackup folder, even through a link named like a backup', async () => {
    const outside = join(root, 'precious');
    await mkdir(outside);
    await writeFile(join(outside, 'keep.txt'), 'keep me');
    await makeBackupFixture(hb, '26112601', files);
    await symlink(outside, join(hb, 'Recent', '26112602'));
    await expect(deleteBackup(hb, '26112602')).rejects.toThrow(/There is no backup 26112602/);
    expect(await readFile(join(outside, 'keep.txt'), 'utf8')).toBe('keep me');
    expect((await deleteBackup(hb, '26112601'))).toEqual(['26112601']);
    expect(await readFile(join(outside, 'keep.txt'), 'utf8')).toBe('keep me');
  });

  it('refuses a run still In Progress', async () => {
    await makeBackupFixture(hb, '26112601', files, { folder: 'Failed', result: 'In Progress' });
    await expect(deleteBackup(hb, '26112601')).rejects.toThrow(/still In Progress/);
    expect(await readdir(join(hb, 'Failed'))).toEqual(['26112601']);
  });

  it('finishes a delete a crash interrupted: leftover trash goes, BACKUP.LOG stays right', async () => {
    await makeBackupFixture(hb, '26112601', files);
    await makeBackupFixture(hb, '26112602', files);
    await mkdir(join(hb, 'Archive', '.deleting-26112501'), { recursive: true });
    await writeFile(join(hb, 'Archive', '.deleting-26112501', 'BACKUP.001'), 'half deleted');
    await deleteBackup(hb, '26112601');
    expect(await readdir(join(hb, 'Archive'))).toEqual([]);
    expect((await readBackupLog(hb)).records.map((r) => r.id)).toEqual(['26112602']);
  });

  it('says so when the HotBackup folder does not exist', async () => {
    await expect(deleteBackup(join(root, 'nope'), '26112601')).rejects.toThrow(/does not exist/);
  });
});
