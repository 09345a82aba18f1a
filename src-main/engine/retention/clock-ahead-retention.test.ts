import { readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBackupLog } from '../vault/backup-log.js';
import { applyRetention } from './retention-apply.js';
import { loadVault } from '../vault/vault-store.js';
import { baseOptions, TempDirs } from '../testing/engine-fixtures.js';
import { runBackup } from '../worker/run-in-worker.js';

// Acceptance "clocks lie": a backup made while the clock was a year ahead carries a later date in
// its ID than the real backups after it. Retention orders by the sequence each run records, so
// the real backups are kept and the future-dated one goes first; it is flagged in the listing
// and in the HB.LOG of the run whose cleanup meets it. Real runs, injected clock.

const temps = new TempDirs();
afterAll(() => temps.cleanup());

describe('a backup made while the clock was ahead', () => {
  it('never makes retention delete the real backups made after it, and is flagged', async () => {
    const folder = temps.make('clock-ahead-folder');
    const data = temps.make('clock-ahead-data');
    writeFileSync(join(data, 'ledger.txt'), 'rent 2026\n');
    let now = new Date('2027-11-26T09:00:00Z'); // the clock a year ahead
    const clock = () => now;
    const retention = { recent: 2, archive: 1 };
    const run = () =>
      runBackup({
        ...baseOptions(folder, [data], {
          clock,
          cleanup: (ctx) => applyRetention({ hotBackupFolder: ctx.hotBackupFolder, retention, log: ctx.log, clock }).then(() => undefined),
        }),
        inThread: true,
      });
    const ahead = await run();
    expect(ahead).toMatchObject({ result: 'Succeeded', id: '27112601' });
    now = new Date('2026-11-26T10:00:00Z'); // the clock put right
    const real = [];
    for (let i = 0; i < 3; i++) {
      now = new Date(now.getTime() + 60 * 60_000);
      real.push(await run());
    }
    expect(real.map((r) => [r.result, r.id])).toEqual([['Succeeded', '26112601'], ['Succeeded', '26112602'], ['Succeeded', '26112603']]);
    const log = await readBackupLog(folder);
    // Every real backup kept (two in Recent, one in Archive); the future-dated one was the oldest by sequence.
    expect(log.records.map((r) => [r.id, r.folder, r.seq])).toEqual([['26112601', 'Archive', 2], ['26112602', 'Recent', 3], ['26112603', 'Recent', 4]]);
    expect(readdirSync(join(folder, 'Recent')).sort()).toEqual(['26112602', '26112603']);
    expect(readdirSync(join(folder, 'Archive'))).toEqual(['26112601']);
    // The run whose cleanup met it says so in its HB.LOG.
    expect(readFileSync(join(folder, 'Archive', '26112601', 'HB.LOG'), 'utf8')).toMatch(/HB_FUTURE_DATED\|27112601 started 2027-11-26T\S+, after now .*sequence 1/);
  });

  it('is flagged in the listing while it is kept', async () => {
    const folder = temps.make('clock-ahead-list');
    const data = temps.make('clock-ahead-list-data');
    writeFileSync(join(data, 'ledger.txt'), 'rent 2026\n');
    let now = new Date('2027-11-26T09:00:00Z');
    await runBackup({ ...baseOptions(folder, [data], { clock: () => now }), inThread: true });
    now = new Date('2026-11-26T09:00:00Z');
    const state = await loadVault(folder, { clock: () => now });
    expect(state.messages).toEqual([expect.stringMatching(/^27112601 is dated in the future \(started 2027-11-26T\S+; the clock now says 2026-11-26T09:00:00.000Z\): the computer's clock was ahead/)]);
    now = new Date('2027-11-26T09:30:00Z');
    expect((await loadVault(folder, { clock: () => now })).messages).toEqual([]);
  });

  it('keeps its place when BACKUP.LOG is lost and rebuilt from the folders (each folder records its sequence)', async () => {
    const folder = temps.make('clock-ahead-rebuilt');
    const data = temps.make('clock-ahead-rebuilt-data');
    writeFileSync(join(data, 'ledger.txt'), 'rent 2026\n');
    let now = new Date('2027-11-26T09:00:00Z');
    const clock = () => now;
    const retention = { recent: 2, archive: 1 };
    const run = () =>
      runBackup({
        ...baseOptions(folder, [data], {
          clock,
          cleanup: (ctx) => applyRetention({ hotBackupFolder: ctx.hotBackupFolder, retention, log: ctx.log, clock }).then(() => undefined),
        }),
        inThread: true,
      });
    expect((await run()).id).toBe('27112601');
    now = new Date('2026-11-26T10:00:00Z');
    now = new Date(now.getTime() + 60 * 60_000);
    expect((await run()).id).toBe('26112601');
    // BACKUP.LOG lost (deleted by hand, a damaged drive): the folders are the truth.
    unlinkSync(join(folder, 'BACKUP.LOG'));
    const rebuilt = await loadVault(folder, { clock });
    expect(rebuilt.records.map((r) => [r.id, r.seq])).toEqual([['26112601', 2], ['27112601', 1]]);
    for (let i = 0; i < 2; i++) {
      now = new Date(now.getTime() + 60 * 60_000);
      await run();
    }
    const log = await readBackupLog(folder);
    expect(log.records.map((r) => [r.id, r.folder, r.seq])).toEqual([['26112601', 'Archive', 2], ['26112602', 'Recent', 3], ['26112603', 'Recent', 4]]);
    expect(readdirSync(join(folder, 'Recent')).sort()).toEqual(['26112602', '26112603']);
  });

  it('takes the next sequence above the folders even when BACKUP.LOG is missing at the start of a run', async () => {
    const folder = temps.make('clock-ahead-nolog');
    const data = temps.make('clock-ahead-nolog-data');
    writeFileSync(join(data, 'ledger.txt'), 'rent 2026\n');
    let now = new Date('2026-11-26T09:00:00Z');
    const run = () => runBackup({ ...baseOptions(folder, [data], { clock: () => now }), inThread: true });
    await run();
    now = new Date('2026-11-26T10:00:00Z');
    await run();
    unlinkSync(join(folder, 'BACKUP.LOG'));
    now = new Date('2026-11-26T11:00:00Z');
    expect(await run()).toMatchObject({ result: 'Succeeded', id: '26112603' });
    const state = await loadVault(folder, { clock: () => now });
    expect(state.records.map((r) => [r.id, r.seq])).toEqual([['26112601', 1], ['26112602', 2], ['26112603', 3]]);
    expect(JSON.parse(readFileSync(join(folder, 'Recent', '26112603', 'SEQUENCE'), 'utf8'))).toEqual({ format: 1, seq: 3 });
  });
});
