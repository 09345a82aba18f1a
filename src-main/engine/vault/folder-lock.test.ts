import { spawn, spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunBackupOptions, RunBackupResult } from '../run/run-types.js';
import { currentBootId, probeProcess } from '../../base/process-identity.js';
import { acquireFolderLock, FOLDER_LOCK_NAME, FolderLockedError } from './folder-lock.js';
import { lockedRunBackup } from '../run/locked-run.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hb-lock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A pid that surely belongs to no process: one that just exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

describe('acquireFolderLock', () => {
  it('lets one holder in and names it to the second', async () => {
    const first = await acquireFolderLock(dir, 'HotBackup run (On Demand by frank)');
    const err = await acquireFolderLock(dir, 'deleting backup 26112601').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FolderLockedError);
    expect((err as FolderLockedError).code).toBe('BUSY');
    expect((err as Error).message).toMatch(`The HotBackup folder ${dir} is in use by a HotBackup process (process ${process.pid} on ${hostname()}, since `);
    expect((err as Error).message).toContain('): HotBackup run (On Demand by frank). Wait for it to finish and try again.');
    await first.release();
    await expect(stat(join(dir, FOLDER_LOCK_NAME))).rejects.toThrow();
    const again = await acquireFolderLock(dir);
    await again.release();
  });

  it('takes over a lock left by a process that is gone', async () => {
    const pid = deadPid();
    await writeFile(join(dir, FOLDER_LOCK_NAME), JSON.stringify({ pid, host: hostname(), since: '2026-11-26T01:00:00.000Z', purpose: 'HotBackup run' }));
    const lock = await acquireFolderLock(dir, 'mine');
    expect(JSON.parse(await readFile(join(dir, FOLDER_LOCK_NAME), 'utf8'))).toMatchObject({ pid: process.pid, purpose: 'mine' });
    await lock.release();
  });

  it('does not remove a lock that another holder took after a takeover', async () => {
    const lock = await acquireFolderLock(dir);
    await writeFile(join(dir, FOLDER_LOCK_NAME), JSON.stringify({ pid: process.pid, host: hostname(), since: 'later', purpose: 'someone else' }));
    await lock.release();
    expect(JSON.parse(await readFile(join(dir, FOLDER_LOCK_NAME), 'utf8'))).toMatchObject({ purpose: 'someone else' });
  });
});

describe('lockedRunBackup', () => {
  const options = (): RunBackupOptions => ({ hotBackupFolder: dir, dataDirectories: [], settings: { compression: 'none', volumeSize: 1 << 20, settleAttempts: 1, includeUnsettled: false }, trigger: 'On Demand', user: 'frank', task: '' });
  const ok = (): RunBackupResult => ({ id: '26112601', result: 'Succeeded', error: null, failedPhase: null, files: 1, bytes: 1, startedAt: 's', endedAt: 'e', backupPath: null, warnings: [] });

  it('a run while another process holds the folder fails at once, naming the holder', async () => {
    const other = spawn('sleep', ['30']);
    try {
      const identity = { bootId: await currentBootId(), startTicks: (await probeProcess(other.pid!))!.startTicks };
      await writeFile(join(dir, FOLDER_LOCK_NAME), JSON.stringify({ pid: other.pid, host: hostname(), ...identity, since: '2026-11-26T09:00:00.000Z', holder: 'director', purpose: 'HotBackup run (Scheduled)' }));
      let ran = false;
      const r = await lockedRunBackup(async () => ((ran = true), ok()))(options());
      expect(ran).toBe(false);
      expect(r).toMatchObject({ result: 'Failed', failedPhase: 'Initializing', id: null, errorCode: 'BUSY' });
      expect(r.error).toContain(`is in use by the HotBackup Director (process ${other.pid} on ${hostname()}, since 2026-11-26T09:00:00.000Z): HotBackup run (Scheduled).`);
    } finally {
      other.kill();
    }
    // Once that process is gone its lock is stale, and the next run takes it over.
    await new Promise((r) => other.once('exit', r));
    expect((await lockedRunBackup(async () => ok())(options())).result).toBe('Succeeded');
  });

  it('a run waits for a short Vault operation of its own process instead of failing', async () => {
    const deleting = await acquireFolderLock(dir, 'deleting backup 26112501');
    let ran = false;
    const run = lockedRunBackup(async () => ((ran = true), ok()))(options());
    await new Promise((r) => setTimeout(r, 20));
    expect(ran).toBe(false);
    await deleting.release();
    expect((await run).result).toBe('Succeeded');
    expect(ran).toBe(true);
  });
});

describe('lockedRunBackup into a folder that does not exist yet', () => {
  it('makes the folder and holds its lock for the whole run, so two first runs are serialized', async () => {
    const fresh = join(dir, 'new', 'HotBackup');
    let heldDuringRun: unknown = null;
    const r = await lockedRunBackup(async () => {
      heldDuringRun = JSON.parse(await readFile(join(fresh, FOLDER_LOCK_NAME), 'utf8'));
      return { id: '26113001', result: 'Succeeded', error: null, failedPhase: null, files: 1, bytes: 1, startedAt: 's', endedAt: 'e', backupPath: null, warnings: [] };
    }, 'cli')({ hotBackupFolder: fresh, dataDirectories: [], settings: { compression: 'none', volumeSize: 1 << 20, settleAttempts: 1, includeUnsettled: false }, trigger: 'On Demand', user: 'frank', task: '' });
    expect(r.result).toBe('Succeeded');
    expect(heldDuringRun).toMatchObject({ pid: process.pid, holder: 'cli', purpose: 'HotBackup run (On Demand by frank)' });
  });
});
