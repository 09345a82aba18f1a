import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBackupInThread } from '../run/run-phases.js';
import { baseOptions, TempDirs, treeDigest } from '../testing/engine-fixtures.js';
import { adoptDriveAt } from './drive-adopt.js';
import { readDriveRegistry } from './drive-identity.js';
import { FOLDER_LOCK_NAME, folderLockHolder } from './folder-lock.js';
import { lockedRunBackup } from '../run/locked-run.js';
import { loadVault } from './vault-store.js';
import { verifyStoredBackup } from '../validate/verify-stored.js';

// Issue 14 (never stuck): "use this drive" killed (SIGKILL) at each of its steps (folder locked,
// identity written, drive registry written) leaves no lock that blocks, loses nothing already on
// the drive, and the next "use this drive" and the next run work.

const temps = new TempDirs();
afterAll(() => temps.cleanup());
const child = join(import.meta.dirname, 'testing', 'drive-adopt-kill.child.ts');

function killedAdopt(folder: string, registryFile: string, step: string): Promise<string | null> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, folder, registryFile, step], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (c: Buffer) => (out += c.toString()));
    p.stderr.on('data', (c: Buffer) => (out += c.toString()));
    p.on('exit', (_code, signal) => resolve(signal === 'SIGKILL' ? null : `not killed (signal ${signal}): ${out}`));
  });
}

describe('"use this drive" killed at each step', () => {
  it.each(['locked', 'identity written', 'registry written'])('killed once %s: no stale lock, nothing lost, adopt and the next run work', { timeout: 120_000 }, async (step) => {
    const root = temps.make('adopt-kill');
    const data = join(root, 'office');
    const folder = join(root, 'drive', 'HotBackup');
    const registryFile = join(root, 'config', 'drives.json');
    mkdirSync(data);
    mkdirSync(join(root, 'config'));
    writeFileSync(join(data, 'letter.txt'), 'Dear client\n');
    // The drive already holds a backup (made before it was adopted here).
    const first = await runBackupInThread(baseOptions(folder, [data]));
    expect(first.result).toBe('Succeeded');
    const onDrive = treeDigest(first.backupPath!);

    expect(await killedAdopt(folder, registryFile, step)).toBeNull();

    // The killed adopt's lock names a dead process: nobody holds the folder.
    expect(existsSync(join(folder, FOLDER_LOCK_NAME))).toBe(true);
    expect(await folderLockHolder(folder)).toBeNull();
    // Nothing on the drive was touched.
    expect(treeDigest(first.backupPath!)).toEqual(onDrive);

    // "Use this drive" again: done, with one identity on the drive and in the registry.
    const id = await adoptDriveAt(folder, registryFile, () => new Date());
    expect(JSON.parse(readFileSync(join(folder, 'HOTBACKUP.ID'), 'utf8')).folderId).toBe(id);
    expect((await readDriveRegistry(registryFile)).folders[folder]?.drives).toEqual([id]);

    // The next run on that drive succeeds; both backups are listed; the first still verifies.
    const run = lockedRunBackup(runBackupInThread);
    const second = await run(baseOptions(folder, [data], { drive: { registryFile, allowRotation: false } }));
    expect(second.error ?? null).toBeNull();
    expect(second.result).toBe('Succeeded');
    expect((await loadVault(folder)).records.map((r) => [r.id, r.result])).toEqual([
      [first.id, 'Succeeded'],
      [second.id, 'Succeeded'],
    ]);
    expect((await verifyStoredBackup(folder, first.id!, {})).ok).toBe(true);
    expect(await folderLockHolder(folder)).toBeNull();
  });
});
