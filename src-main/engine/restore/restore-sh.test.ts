import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { walkPlan } from '../plan/walk-plan.js';
import { lockFiles } from '../snapshot/lock-files.js';
import { settings, sh, streamWithManifest, TempDirs, treeDigest } from '../testing/engine-fixtures.js';
import { restoreShScript } from './restore-sh.js';

const temps = new TempDirs();
afterAll(() => temps.cleanup());

describe('RESTORE.sh', () => {
  it('restores 1000+ volumes in numeric order (BACKUP.999 before BACKUP.1000), where a BACKUP.0* glob would stop', async () => {
    const data = temps.make('many-data');
    writeFileSync(join(data, 'big.bin'), randomBytes(1100 * 1024));
    writeFileSync(join(data, 'small.txt'), 'small');
    const dir = temps.make('many-volumes');
    const staging = join(dir, '.staging');
    mkdirSync(staging);
    // The engine refuses volumes under 1 MiB; the stream itself can cut at any size, which makes 1000+ volumes cheap here.
    const tiny = { ...settings({ compression: 'none' }), volumeSize: 1024 };
    const plan = await walkPlan({ dataDirectories: [{ path: data, label: 'd', exclude: [] }], hotBackupFolder: dir });
    const locked = await lockFiles(plan, { stagingDir: staging, settings: tiny, clock: () => new Date(), log: () => undefined, onProgress: () => undefined });
    const streamed = await streamWithManifest(locked.entries.captured(), { backupDir: dir, settings: tiny, onProgress: () => undefined }, plan.dataDirectories);
    expect(streamed.volumes.length).toBeGreaterThan(1000);
    expect(streamed.volumes[999]?.name).toBe('BACKUP.1000');
    writeFileSync(join(dir, 'RESTORE.sh'), restoreShScript('26112601', 'none'));

    const target = join(temps.make('many-restore'), 'out');
    const output = sh(`sh RESTORE.sh "${target}"`, dir);
    expect(output).toContain('BACKUP.1000: OK');
    expect(readdirSync(target)).toEqual(['d']);
    expect(treeDigest(join(target, 'd'))).toEqual(treeDigest(data));
  });

  it('refuses to extract when a volume is damaged, and says so', async () => {
    const data = temps.make('dmg-data');
    writeFileSync(join(data, 'a.txt'), 'a'.repeat(5000));
    const dir = temps.make('dmg-volumes');
    mkdirSync(join(dir, '.staging'));
    const s = { ...settings({ compression: 'none' }), volumeSize: 2048 };
    const plan = await walkPlan({ dataDirectories: [{ path: data, label: 'd', exclude: [] }], hotBackupFolder: dir });
    const locked = await lockFiles(plan, { stagingDir: join(dir, '.staging'), settings: s, clock: () => new Date(), log: () => undefined, onProgress: () => undefined });
    await streamWithManifest(locked.entries.captured(), { backupDir: dir, settings: s, onProgress: () => undefined }, plan.dataDirectories);
    writeFileSync(join(dir, 'RESTORE.sh'), restoreShScript('26112601', 'none'));
    writeFileSync(join(dir, 'BACKUP.002'), 'garbage');
    const target = join(temps.make('dmg-restore'), 'out');
    let message = '';
    try {
      sh(`sh RESTORE.sh "${target}"`, dir);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/BACKUP\.002: FAILED/);
    expect(message).toMatch(/RESTORE\.sh: a volume is missing or damaged \(see above\): restore from another backup\./);
    expect(() => readdirSync(target)).toThrow(/ENOENT/);
  });
});
