import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBackup } from '../worker/run-in-worker.js';
import { baseOptions, settings, TempDirs } from '../testing/engine-fixtures.js';
import { decideDrive, DRIVE_REGISTRY_NAME, FOLDER_ID_NAME, type FolderState, type KnownFolder } from './drive-identity.js';
import { lockedRunBackup } from '../run/locked-run.js';

const temps = new TempDirs();
afterAll(() => temps.cleanup());

const known: KnownFolder = { drives: ['drive-mon', 'drive-tue'], lastDevice: '2049', lastUsed: '2026-11-29T22:00:00.000Z' };
const state = (over: Partial<FolderState>): FolderState => ({ exists: true, folderId: null, empty: true, device: '2049', ...over });

describe('decideDrive', () => {
  it.each([
    ['a new folder, never used', state({ exists: false }), null, false, 'adopt'],
    ['the folder used before is missing (drive not mounted)', state({ exists: false }), known, true, 'refuse'],
    ['a drive seen before (rotation)', state({ folderId: 'drive-tue' }), known, false, 'ok'],
    ['a folder from before drive identities (first use here)', state({ empty: false }), null, false, 'adopt'],
    ['an empty folder without identity where a drive was (mount point on the system disk)', state({ device: '64768' }), known, false, 'refuse'],
    ['a new empty drive, rotation allowed', state({ device: '2065' }), known, true, 'adopt'],
    ['a folder with backups but no identity, rotation allowed', state({ empty: false }), known, true, 'refuse'],
    ['another HotBackup drive, rotation not allowed', state({ folderId: 'drive-xyz' }), known, false, 'refuse'],
  ])('%s', (_name, s, k, rotate, kind) => {
    expect(decideDrive('/media/backup/HotBackup', s, k, rotate).kind).toBe(kind);
  });

  it('says to connect the drive, and on which path', () => {
    const v = decideDrive('/media/backup/HotBackup', state({ exists: false }), known, false);
    expect(v.kind === 'refuse' && v.message).toMatch(/^The HotBackup folder \/media\/backup\/HotBackup is missing, but backups were made there before \(last 2026-11-29T22:00:00.000Z\)\. Is the backup drive connected\?/);
    const w = decideDrive('/media/backup/HotBackup', state({ device: '64768' }), known, false);
    expect(w.kind === 'refuse' && w.message).toMatch(/is not the backup drive used before \(it has no HOTBACKUP\.ID and is on another disk than last time\)\. Is the backup drive connected\?.*"hotbackup drive adopt"/);
  });
});

describe('runs against the backup drive', () => {
  it('a drive not connected fails the run and is never re-created; a new drive in the rotation gets new IDs', async () => {
    const root = temps.make('drive');
    const data = join(root, 'data');
    await mkdir(data);
    await writeFile(join(data, 'clients.txt'), 'client list');
    const mount = join(root, 'media', 'backupdrive');
    await mkdir(mount, { recursive: true });
    const folder = join(mount, 'HotBackup');
    const registryFile = join(root, 'config', DRIVE_REGISTRY_NAME);
    await mkdir(join(root, 'config'));
    const run = (allowRotation = false) =>
      lockedRunBackup(runBackup)({ ...baseOptions(folder, [data], { settings: settings({ compression: 'none' }) }), drive: { registryFile, allowRotation } });

    const first = await run();
    expect(first.result).toBe('Succeeded');
    const mondayId = JSON.parse(await readFile(join(folder, FOLDER_ID_NAME), 'utf8')).folderId;

    // The drive is unplugged: its folder is gone from the mount point.
    await rename(folder, join(root, 'monday-drive'));
    const missing = await run();
    expect(missing).toMatchObject({ result: 'Failed', id: null, failedPhase: 'Initializing', errorCode: 'IO_ERROR' });
    expect(missing.error).toContain('Is the backup drive connected?');
    expect(existsSync(folder)).toBe(false);

    // A new, empty drive is mounted: refused unless rotation is allowed, then adopted.
    await mkdir(folder);
    expect((await run()).error).toContain('is not the backup drive used before');
    const tuesday = await run(true);
    expect(tuesday.result).toBe('Succeeded');
    expect(tuesday.id).not.toBe(first.id); // the same day, another drive: the ID is not used again
    expect(JSON.parse(await readFile(join(folder, FOLDER_ID_NAME), 'utf8')).folderId).not.toBe(mondayId);

    // Monday's drive comes back: seen before, accepted, and its next ID is new too.
    await rename(folder, join(root, 'tuesday-drive'));
    await rename(join(root, 'monday-drive'), folder);
    const again = await run();
    expect(again.result).toBe('Succeeded');
    expect([first.id, tuesday.id]).not.toContain(again.id);
    expect((await readdir(join(folder, 'Recent'))).sort()).toEqual([first.id, again.id].sort());
  });
});
