import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { walkPlan } from '../plan/walk-plan.js';
import { settings, sh, streamWithManifest, TempDirs, treeDigest } from '../testing/engine-fixtures.js';
import { verifyBackup } from '../validate/verify-backup.js';
import { lockFiles } from './lock-files.js';

const temps = new TempDirs();
afterAll(() => temps.cleanup());

describe('lockFiles', () => {
  it('holds small files in memory up to the budget, spills the rest to one file, stages big ones, and streams them all intact', async () => {
    const data = temps.make('lock-data');
    for (let i = 0; i < 6; i++) writeFileSync(join(data, `small-${i}.txt`), `small file ${i}\n`.repeat(100 + i));
    writeFileSync(join(data, 'empty.txt'), '');
    writeFileSync(join(data, 'big.bin'), randomBytes(2 * 1024 * 1024 + 7));
    const dir = temps.make('lock-backup');
    const staging = join(dir, '.staging');
    mkdirSync(staging);
    const s = settings({ compression: 'gzip' });
    const plan = await walkPlan({ dataDirectories: [{ path: data, label: 'd', exclude: [] }], hotBackupFolder: dir });

    const locked = await lockFiles(plan, { stagingDir: staging, settings: s, clock: () => new Date(), log: () => undefined, onProgress: () => undefined, memoryBudget: 3000, memoryPerFile: 1024 * 1024 });

    const kinds = locked.entries.toArray().filter((e) => e.content).map((e) => [e.archivePath, e.content?.kind === 'memory' ? 'memory' : e.content?.path.endsWith('.spill') ? 'spill' : 'staged']);
    expect(kinds.filter(([, k]) => k === 'memory').length).toBeGreaterThan(0);
    expect(kinds.filter(([, k]) => k === 'spill').length).toBeGreaterThan(0);
    expect(kinds.find(([p]) => p === 'd/big.bin')?.[1]).toBe('staged');
    expect(readdirSync(staging).sort()).toEqual([expect.stringMatching(/^\d+\.file$/), 'small-files.spill']);

    await streamWithManifest(locked.entries.captured(), { backupDir: dir, settings: s, onProgress: () => undefined }, plan.dataDirectories);
    expect((await verifyBackup(dir)).problems).toEqual([]);
    const target = temps.make('lock-restore');
    sh(`cat BACKUP.0* | tar -xzf - -C "${target}"`, dir);
    expect(treeDigest(join(target, 'd'))).toEqual(treeDigest(data));
  });
});
