import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { lstat, mkdir, readdir, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOwnFile } from '../../base/no-follow.js';
import { baseOptions, TempDirs } from '../testing/engine-fixtures.js';
import { runBackup } from '../worker/run-in-worker.js';
import { deleteBackup } from '../retention/delete-backup.js';
import { folderState } from './drive-identity.js';
import { acquireFolderLock } from './folder-lock.js';
import { removeLeftoverStaging } from '../run/recover-interrupted.js';
import { restoreBackup } from '../restore/restore-backup.js';
import { verifyStoredBackup } from '../validate/verify-stored.js';

// Acceptance 2, the HotBackup folder's own files (issue point 5): a lock, HOTBACKUP.ID, or one of
// Recent/, Archive/, Failed/ planted as a symbolic link (or a FIFO) by whoever can write into the
// HotBackup folder never makes the Director read, write, move or remove anything elsewhere, and
// the refusal names what was planted.

const SECRET = 'SECRET-OUTSIDE-THE-HOTBACKUP-FOLDER';
const temps = new TempDirs();
let hb = '';
let data = '';
let outside = '';

beforeEach(async () => {
  hb = temps.make('crafted-hb');
  data = temps.make('crafted-data');
  outside = temps.make('crafted-outside');
  await writeFile(join(data, 'a.txt'), 'A');
  await writeFile(join(outside, 'secret.txt'), `${SECRET}\n`, { mode: 0o600 });
});
afterEach(() => temps.cleanup());

const listing = async (dir: string) => (await readdir(dir, { recursive: true })).sort();
const run = () => runBackup({ ...baseOptions(hb, [data]), inThread: true });

describe('crafted HotBackup folders', () => {
  it('HOTBACKUP.LOCK a symbolic link to a file outside: refused naming it, the target neither read nor changed', async () => {
    await symlink(join(outside, 'secret.txt'), join(hb, 'HOTBACKUP.LOCK'));
    await expect(acquireFolderLock(hb)).rejects.toThrow(/HOTBACKUP\.LOCK" is a symbolic link/);
    expect(await readFile(join(outside, 'secret.txt'), 'utf8')).toBe(`${SECRET}\n`);
    expect((await lstat(join(hb, 'HOTBACKUP.LOCK'))).isSymbolicLink()).toBe(true);
  });

  it('HOTBACKUP.LOCK a FIFO: refused naming it at once (reading it would hang the Director)', async () => {
    expect(spawnSync('mkfifo', [join(hb, 'HOTBACKUP.LOCK')]).status).toBe(0);
    await expect(acquireFolderLock(hb)).rejects.toThrow(/HOTBACKUP\.LOCK" is a special file/);
  });

  it('HOTBACKUP.ID a symbolic link to a file outside holding an ID: not read, the folder has no identity', async () => {
    await writeFile(join(outside, 'id.json'), JSON.stringify({ folderId: 'stolen-identity' }));
    await symlink(join(outside, 'id.json'), join(hb, 'HOTBACKUP.ID'));
    expect((await folderState(hb)).folderId).toBeNull();
  });

  it('Failed/ a symbolic link to a folder outside: the run fails naming it, nothing is written there', async () => {
    await symlink(outside, join(hb, 'Failed'));
    const before = await listing(outside);
    const r = await run();
    expect(r.result).toBe('Failed');
    expect(r.error).toMatch(/Failed" is a symbolic link/);
    expect(await listing(outside)).toEqual(before);
  });

  it('Recent/ a symbolic link to a folder outside: the run fails naming it, the backup is not moved there', async () => {
    await symlink(outside, join(hb, 'Recent'));
    const before = await listing(outside);
    const r = await run();
    expect(r.result).toBe('Failed');
    expect(r.error).toMatch(/Recent" is a symbolic link/);
    expect(await listing(outside)).toEqual(before);
  });

  it('Recent/ swapped for a link to outside after a backup: deleting that backup removes nothing outside', async () => {
    const r = await run();
    expect(r.result).toBe('Succeeded');
    const id = r.id as string;
    // The planted folder outside has the backup's name and someone's files in it.
    await mkdir(join(outside, id));
    await writeFile(join(outside, id, 'precious.txt'), 'keep me');
    await rename(join(hb, 'Recent'), join(hb, 'Recent.real'));
    await symlink(outside, join(hb, 'Recent'));
    await expect(deleteBackup(hb, id)).rejects.toThrow(/Recent" is a symbolic link/);
    expect(await readFile(join(outside, id, 'precious.txt'), 'utf8')).toBe('keep me');
  });

  it('Failed/ a link to a folder outside holding "<ID>/.staging": leftover clean-up removes nothing there', async () => {
    await mkdir(join(outside, '26113001', '.staging'), { recursive: true });
    await writeFile(join(outside, '26113001', '.staging', 'precious.txt'), 'keep me');
    await symlink(outside, join(hb, 'Failed'));
    expect(await removeLeftoverStaging(hb)).toEqual([]);
    expect(existsSync(join(outside, '26113001', '.staging', 'precious.txt'))).toBe(true);
  });

  it('HB.LOG a FIFO in a backup folder: restore and verify finish (not waiting for a reader), the restore is whole', async () => {
    const r = await run();
    expect(r.result).toBe('Succeeded');
    const dir = join(hb, 'Recent', r.id as string);
    await rm(join(dir, 'HB.LOG'));
    expect(spawnSync('mkfifo', [join(dir, 'HB.LOG')]).status).toBe(0);
    const s = await restoreBackup(hb, { id: r.id as string, to: join(outside, 'restored') });
    expect(s.failed).toEqual([]);
    expect(await readFile(join(outside, 'restored', basename(data), 'a.txt'), 'utf8')).toBe('A');
    const v = await verifyStoredBackup(hb, r.id as string);
    expect(v.ok).toBe(true);
    expect(v.notRecorded).toMatch(/HB\.LOG" is a special file/);
  });

  it('PLAN or RESTORE.sh planted as a link in a run folder: not written through, refused naming it', async () => {
    const dir = join(hb, 'run');
    await mkdir(dir);
    await symlink(join(outside, 'secret.txt'), join(dir, 'RESTORE.sh'));
    await expect(createOwnFile(join(dir, 'RESTORE.sh'), '#!/bin/sh\n', 0o755)).rejects.toThrow(/RESTORE\.sh/);
    expect(await readFile(join(outside, 'secret.txt'), 'utf8')).toBe(`${SECRET}\n`);
    // A new file gets exactly its mode, whatever the umask.
    await createOwnFile(join(dir, 'PLAN'), 'x', 0o755);
    expect(((await lstat(join(dir, 'PLAN'))).mode & 0o777).toString(8)).toBe('755');
  });
});
