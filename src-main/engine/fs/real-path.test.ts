import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataDirectoryProblem } from '../../director/settings/settings-checks.js';
import { walkPlan } from '../plan/walk-plan.js';
import { TempDirs } from '../testing/engine-fixtures.js';
import { restoreBackup } from '../restore/restore-backup.js';
import { makeBackupFixture } from '../testing/backup-fixture.js';
import { realPathOf } from './real-path.js';

// Containment checks work on real paths: `..` and links resolved, at save time and at run time.

const temps = new TempDirs();
afterAll(() => temps.cleanup());

function layout() {
  const root = temps.make('realpath');
  const data = join(root, 'office');
  const hb = join(data, 'HotBackup');
  mkdirSync(hb, { recursive: true });
  writeFileSync(join(data, 'a.txt'), 'a');
  symlinkSync(data, join(root, 'office-link'));
  return { root, data, hb };
}

describe('containment on real paths', () => {
  it('realPathOf resolves links and ".." for the part that exists and keeps the rest', async () => {
    const { root, data } = layout();
    expect(await realPathOf(join(root, 'office-link', 'x', '..', 'new', 'folder'))).toBe(join(data, 'new', 'folder'));
  });

  it('a HotBackup folder inside a data directory, named through a link, is left out of the backup (never backed up into itself)', async () => {
    const { root, data } = layout();
    const plan = await walkPlan({ dataDirectories: [{ path: data, label: 'd', exclude: [] }], hotBackupFolder: join(root, 'office-link', 'HotBackup') });
    expect(plan.entries.toArray().map((e) => e.archivePath).sort()).toEqual(['d', 'd/a.txt']);
    expect(plan.skipped).toContainEqual(expect.objectContaining({ reason: 'the HotBackup folder itself' }));
  });

  it('refuses a restore target that reaches into the HotBackup folder through ".." or a link', async () => {
    const { root, hb } = layout();
    await makeBackupFixture(hb, '26112601', [{ path: 'data', type: 'Directory' }, { path: 'data/x.txt', content: 'x' }]);
    for (const to of [join(root, 'office', 'elsewhere', '..', 'HotBackup', 'restored'), join(root, 'office-link', 'HotBackup', 'restored')]) {
      await expect(restoreBackup(join(root, 'office', 'HotBackup'), { id: '26112601', to })).rejects.toThrow(/overlaps the HotBackup folder/);
    }
  });

  it('refuses at save time a data directory that is the HotBackup folder spelled through a link', async () => {
    const { root, hb } = layout();
    expect(await dataDirectoryProblem(join(root, 'office-link', 'HotBackup'), hb)).toMatch(/is the HotBackup folder or lies inside it/);
    expect(await dataDirectoryProblem(join(hb, '..', 'HotBackup', 'sub'), hb)).toMatch(/is the HotBackup folder or lies inside it/);
  });
});
