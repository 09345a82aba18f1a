import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decideOverview, type OverviewFacts } from './overview-decide.js';
import { estimateDataSize, sizeEstimator, type SizeEstimate } from './size-estimate.js';

const MB = 1024 * 1024;
let root = '';
afterEach(async () => {
  if (root) await rm(root, { recursive: true, force: true });
  root = '';
});

describe('the expected size of the first backup', () => {
  it('sums the data directories\' files, excludes applied; past the entry limit it is a lower bound', async () => {
    root = await mkdtemp(join(tmpdir(), 'hb-estimate-'));
    await mkdir(join(root, 'a', 'cache'), { recursive: true });
    await mkdir(join(root, 'b'), { recursive: true });
    await writeFile(join(root, 'a', 'ledger.db'), Buffer.alloc(3000));
    await writeFile(join(root, 'a', 'cache', 'big.bin'), Buffer.alloc(50_000));
    await writeFile(join(root, 'a', 'x.tmp'), Buffer.alloc(700));
    await writeFile(join(root, 'b', 'letter.txt'), Buffer.alloc(1234));
    const dirs = [{ path: join(root, 'a'), exclude: ['cache/**', '*.tmp'] }, { path: join(root, 'b'), exclude: [] }];
    expect(await estimateDataSize(dirs)).toEqual({ bytes: 4234, files: 2, complete: true });
    expect((await estimateDataSize(dirs, 2)).complete).toBe(false);
  });

  it('is walked once and kept for the same data directories, walked again when they change or after a while', async () => {
    let now = 0;
    const walks: string[] = [];
    const walk = async (dirs: readonly { path: string }[]): Promise<SizeEstimate> => (walks.push(dirs[0]!.path), { bytes: 1, files: 1, complete: true });
    const est = sizeEstimator(() => new Date(now), walk, 1000);
    await Promise.all([est([{ path: '/a', exclude: [] }]), est([{ path: '/a', exclude: [] }])]);
    now = 500;
    await est([{ path: '/a', exclude: [] }]);
    await est([{ path: '/b', exclude: [] }]);
    now = 2000;
    await est([{ path: '/b', exclude: [] }]);
    expect(walks).toEqual(['/a', '/b', '/b']);
  });

  it('before the first backup the Overview compares free space with the estimate, and warns when it will not fit', () => {
    const facts: OverviewFacts = {
      now: new Date('2026-11-30T12:00:00Z'), running: false, history: [], logLastRun: null, lastSuccess: null, nextRun: null, timeZone: 'UTC',
      schedule: { entries: 1, allSuspended: false, suspendedUntil: null }, dataDirectories: [{ name: 'Office', problem: null }], folder: '/hb',
      freeBytes: 100 * MB, lastBackupBytes: null, statusWarnings: [], damaged: [], historyProblem: null,
    };
    const fits = decideOverview({ ...facts, estimate: { bytes: 10 * MB, complete: true } });
    expect(fits.space).toEqual({ folder: '/hb', freeBytes: 100 * MB, expectedBytes: 10 * MB, basis: 'estimate' });
    expect(fits.warnings.filter((x) => x.kind === 'space')).toEqual([]);
    const tooBig = decideOverview({ ...facts, estimate: { bytes: 300 * MB, complete: false } });
    expect(tooBig.space).toMatchObject({ expectedBytes: 300 * MB, basis: 'estimate', atLeast: true });
    expect(tooBig.warnings.find((x) => x.kind === 'space')).toMatchObject({ level: 'red', title: 'The first backup may not fit', fix: 'folder' });
    expect(tooBig.warnings.find((x) => x.kind === 'space')?.text).toContain('the data directories hold at least 300 MB (an estimate before the first backup)');
    // Once a backup exists its size counts, not the estimate.
    expect(decideOverview({ ...facts, lastBackupBytes: 5 * MB, estimate: { bytes: 300 * MB, complete: true } }).space).toMatchObject({ expectedBytes: 5 * MB, basis: 'last-backup' });
  });
});
