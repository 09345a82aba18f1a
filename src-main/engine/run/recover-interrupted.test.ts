import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BackupRecord } from '../../../shared/vault.js';
import { readBackupLog, writeBackupLog } from '../vault/backup-log.js';
import { acquireFolderLock } from '../vault/folder-lock.js';
import { recoverInterrupted } from './recover-interrupted.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hb-recover-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const rec = (id: string, result: BackupRecord['result'], folder: BackupRecord['folder']): BackupRecord => ({
  id, trigger: 'Scheduled', started: '2026-11-26T09:00:00.000+01:00', ended: null, result, folder, user: '', task: '', files: null, bytes: null, error: '', foundOnDisk: false,
});

async function folderWith(folder: string, id: string, hbLog: string) {
  await mkdir(join(dir, folder, id), { recursive: true });
  await writeFile(join(dir, folder, id, 'HB.LOG'), hbLog);
}

describe('recoverInterrupted', () => {
  it('marks runs left In Progress Failed (interrupted) in Failed/, leaves the rest alone', async () => {
    await folderWith('Archive', '26112501', '');
    await folderWith('Recent', '26112601', '');
    await folderWith('Failed', '26112602', '2026-11-26T09:00:03.000+01:00|HB_BEGIN_STREAM|none\n');
    await writeBackupLog(dir, [rec('26112501', 'Succeeded', 'Archive'), rec('26112601', 'Succeeded', 'Recent'), rec('26112602', 'In Progress', 'Failed')]);
    const r = await recoverInterrupted(dir);
    expect(r).toEqual({ interrupted: ['26112602'], committed: [], skipped: null });
    const { records } = await readBackupLog(dir);
    expect(records.map((x) => [x.id, x.folder, x.result, x.error, x.ended])).toEqual([
      ['26112501', 'Archive', 'Succeeded', '', null],
      ['26112601', 'Recent', 'Succeeded', '', null],
      ['26112602', 'Failed', 'Failed', 'interrupted', '2026-11-26T09:00:03.000+01:00'],
    ]);
    expect(await readFile(join(dir, 'Failed', '26112602', 'HB.LOG'), 'utf8')).toMatch(/\|HB_INTERRUPTED\|/);
  });

  it('takes the error the run logged when BACKUP.LOG could not take it', async () => {
    await folderWith('Failed', '26112602', '2026-11-26T09:00:03.000+01:00|HB_FAILED|Validating Save: volume BACKUP.001 is damaged\n');
    await writeBackupLog(dir, [rec('26112602', 'In Progress', 'Failed')]);
    await recoverInterrupted(dir);
    expect((await readBackupLog(dir)).records[0]).toMatchObject({ result: 'Failed', error: 'Validating Save: volume BACKUP.001 is damaged' });
  });

  it('a run committed to Recent/ before its line was updated counts as Succeeded', async () => {
    await folderWith('Recent', '26112603', '');
    await writeBackupLog(dir, [rec('26112603', 'In Progress', 'Failed')]);
    expect(await recoverInterrupted(dir)).toMatchObject({ committed: ['26112603'] });
    expect((await readBackupLog(dir)).records[0]).toMatchObject({ folder: 'Recent', result: 'Succeeded' });
  });

  it('leaves a run alone while a live process holds the folder', async () => {
    await folderWith('Failed', '26112602', '');
    await writeBackupLog(dir, [rec('26112602', 'In Progress', 'Failed')]);
    const lock = await acquireFolderLock(dir, 'HotBackup run');
    try {
      const r = await recoverInterrupted(dir);
      expect(r.skipped).toMatch(new RegExp(`in use by a HotBackup process \\(process ${process.pid} on `));
      expect((await readBackupLog(dir)).records[0]!.result).toBe('In Progress');
    } finally {
      await lock.release();
    }
  });

  it('does nothing for a HotBackup folder that does not exist yet', async () => {
    expect((await recoverInterrupted(join(dir, 'nope'))).skipped).toMatch(/does not exist yet/);
  });
});
