import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { walkPlan } from '../plan/walk-plan.js';
import { settings, sh, streamWithManifest, TempDirs, treeDigest } from '../testing/engine-fixtures.js';
import { verifyBackup } from '../validate/verify-backup.js';
import { lockFiles } from './lock-files.js';
import type { CapturedContent } from './settle-read.js';

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

  it('a file the walk found empty is read as it is at the snapshot: grown since, deleted, or replaced by a link', async () => {
    const data = temps.make('lock-empty');
    for (const n of ['still-empty', 'grown', 'deleted', 'now-link']) writeFileSync(join(data, n), '');
    writeFileSync(join(data, 'secret'), 'do not follow');
    const dir = temps.make('lock-empty-backup');
    const staging = join(dir, '.staging');
    mkdirSync(staging);
    const plan = await walkPlan({ dataDirectories: [{ path: data, label: 'd', exclude: [] }], hotBackupFolder: dir });
    writeFileSync(join(data, 'grown'), 'written after the walk\n');
    rmSync(join(data, 'deleted'));
    rmSync(join(data, 'now-link'));
    symlinkSync(join(data, 'secret'), join(data, 'now-link'));
    const logged: string[] = [];

    const locked = await lockFiles(plan, { stagingDir: staging, settings: settings({}), clock: () => new Date(), log: (c, d) => logged.push(`${c} ${d}`), onProgress: () => undefined });

    const bytesOf = (c: CapturedContent | null, size: number) => (c?.kind === 'memory' ? c.data : c ? readFileSync(c.path).subarray(c.offset ?? 0, (c.offset ?? 0) + size) : null);
    const got = Object.fromEntries(locked.entries.toArray().filter((e) => e.kind === 'file').map((e) => [e.archivePath, bytesOf(e.content, e.size)?.toString()]));
    expect(got['d/still-empty']).toBe('');
    expect(got['d/grown']).toBe('written after the walk\n');
    expect(got).not.toHaveProperty('d/deleted');
    expect(logged.some((l) => l.startsWith('HB_FILE_VANISHED') && l.includes('/deleted"'))).toBe(true);
    // Never captured as an empty file, and never read through the link put in its place: gone for this run.
    expect(got).not.toHaveProperty('d/now-link');
    expect(logged.some((l) => l.startsWith('HB_FILE_VANISHED') && l.includes('/now-link"'))).toBe(true);
  });
});
