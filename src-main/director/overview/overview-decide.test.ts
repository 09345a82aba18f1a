import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../../../shared/history.js';
import { decideOverview, lastResultOf, sameFailureStreak, type OverviewFacts } from './overview-decide.js';

const MB = 1024 * 1024;
const attempt = (over: Partial<HistoryEntry>): HistoryEntry => ({
  key: 'k', kind: 'attempt', startedAt: '2026-11-30T10:00:00+00:00', endedAt: '2026-11-30T10:01:00+00:00', trigger: 'Scheduled', user: '', task: '',
  result: 'Succeeded', phase: 'HotBackup Succeeded', cause: null, causeKind: null, id: '26113001', hotBackupFolder: '/hb', files: 3, bytes: 100 * MB, skipped: null, ...over,
});
const failed = (cause: string, over: Partial<HistoryEntry> = {}) => attempt({ result: 'Failed', phase: 'Locking Files', cause, causeKind: 'io', id: null, bytes: null, ...over });

const healthy: OverviewFacts = {
  now: new Date('2026-11-30T12:00:00Z'),
  running: false,
  history: [attempt({})],
  logLastRun: null,
  lastSuccess: { at: '2026-11-30T10:01:00+00:00', id: '26113001' },
  nextRun: '2026-11-30T18:00:00.000Z',
  timeZone: 'Europe/London',
  schedule: { entries: 1, allSuspended: false, suspendedUntil: null },
  dataDirectories: [{ name: 'Ledger', problem: null }],
  folder: '/hb',
  freeBytes: 10_000 * MB,
  lastBackupBytes: 100 * MB,
  statusWarnings: [],
  damaged: [],
  historyProblem: null,
};
const decide = (over: Partial<OverviewFacts>) => decideOverview({ ...healthy, ...over });

describe('decideOverview: the light, its reason and the warnings with where each is fixed', () => {
  it('green when the last run succeeded and nothing needs attention', () => {
    expect(decide({})).toMatchObject({ health: 'green', reason: 'The last HotBackup succeeded and nothing needs attention', warnings: [], space: { expectedBytes: 100 * MB, basis: 'last-backup' } });
  });

  it.each<[string, Partial<OverviewFacts>, { health: string; reason: string; kinds: string[]; fixes: (string | null)[] }]>([
    ['a failed last run, early (no backup folder yet)', { history: [attempt({}), failed('The data directory "/srv/x" does not exist', { phase: 'Initializing' })] },
      { health: 'red', reason: 'The last HotBackup failed', kinds: ['last-failed'], fixes: ['vault'] }],
    ['an interrupted last run', { history: [attempt({}), attempt({ result: 'Interrupted', endedAt: null, cause: 'the process ended', id: null })] },
      { health: 'red', reason: 'The last HotBackup was interrupted', kinds: ['last-failed'], fixes: ['vault'] }],
    ['the same failure three times', { history: [attempt({}), failed('File "a.db" kept changing'), failed('File "a.db" kept changing'), failed('File "a.db" kept changing')] },
      { health: 'red', reason: 'The last HotBackup failed', kinds: ['last-failed', 'keeps-failing'], fixes: ['vault', 'data-directories'] }],
    ['a missing data directory', { dataDirectories: [{ name: 'Ledger', problem: '"/srv/ledger" does not exist: check the path or create the folder first' }] },
      { health: 'red', reason: 'Data directory "Ledger" cannot be read', kinds: ['missing-data'], fixes: ['data-directories'] }],
    ['no data directory at all', { dataDirectories: [] }, { health: 'yellow', reason: 'Nothing to back up yet', kinds: ['missing-data'], fixes: ['data-directories'] }],
    ['the no-backup alert', { statusWarnings: ['No successful HotBackup for 30 hours (the last one was 26112801 at …). Check the Vault and the schedule, then run a backup.'] },
      { health: 'red', reason: 'No successful HotBackup for 30 hours', kinds: ['stale'], fixes: ['schedule'] }],
    ['an e-mail not sent', { statusWarnings: ['E-mail "On failure" was not sent: the server refused the password'] },
      { health: 'yellow', reason: 'An e-mail was not sent', kinds: ['mail'], fixes: ['notification'] }],
    ['a damaged backup (its status line is not repeated)', {
      damaged: [{ id: '26112901', at: '2026-11-30T03:00:00+00:00', ok: false, summary: 'volume 2 does not match', scheduled: true }],
      statusWarnings: ['Scheduled verify found backup 26112901 damaged: volume 2 does not match. Run a new backup and check the drive of the HotBackup folder.'],
    }, { health: 'red', reason: 'Backup 26112901 is damaged', kinds: ['damaged'], fixes: ['vault'] }],
    ['the schedule suspended indefinitely', { schedule: { entries: 1, allSuspended: false, suspendedUntil: 'indefinitely' } },
      { health: 'yellow', reason: 'The schedule is suspended', kinds: ['suspended'], fixes: ['schedule'] }],
    ['a suspension that has passed', { schedule: { entries: 1, allSuspended: false, suspendedUntil: '2026-11-29T00:00:00Z' } }, { health: 'green', reason: 'The last HotBackup succeeded and nothing needs attention', kinds: [], fixes: [] }],
    ['every entry suspended', { schedule: { entries: 2, allSuspended: true, suspendedUntil: null } }, { health: 'yellow', reason: 'The schedule is suspended', kinds: ['suspended'], fixes: ['schedule'] }],
    ['no schedule', { schedule: { entries: 0, allSuspended: true, suspendedUntil: null }, nextRun: null }, { health: 'yellow', reason: 'No schedule', kinds: ['no-schedule'], fixes: ['schedule'] }],
    ['less free space than the last backup', { freeBytes: 50 * MB }, { health: 'red', reason: 'The next backup may not fit', kinds: ['space'], fixes: ['folder'] }],
    ['room for about one more', { freeBytes: 150 * MB }, { health: 'yellow', reason: 'Free space is running low', kinds: ['space'], fixes: ['folder'] }],
    ['a run history that cannot be written', { historyProblem: '/cfg cannot be written' }, { health: 'yellow', reason: 'The run history cannot be kept', kinds: ['history'], fixes: [null] }],
    ['no success yet and nothing else', { history: [], lastSuccess: null, lastBackupBytes: null }, { health: 'yellow', reason: 'No HotBackup has succeeded yet', kinds: [], fixes: [] }],
    ['red before yellow', { statusWarnings: ['E-mail "x" was not sent: refused'], freeBytes: 10 * MB }, { health: 'red', reason: 'The next backup may not fit', kinds: ['space', 'mail'], fixes: ['folder', 'notification'] }],
  ])('%s', (_name, over, want) => {
    const o = decide(over);
    expect({ health: o.health, reason: o.reason, kinds: o.warnings.map((w) => w.kind), fixes: o.warnings.map((w) => w.fix) }).toEqual(want);
  });

  it('a run in progress does not show the previous failure as current', () => {
    expect(decide({ running: true, history: [failed('x')] }).warnings).toEqual([]);
  });

  it('free space without a backup yet: the expected size is unknown and no space warning', () => {
    expect(decide({ lastBackupBytes: null, freeBytes: 1 }).space).toEqual({ folder: '/hb', freeBytes: 1, expectedBytes: null, basis: 'unknown' });
  });
});

describe('lastResultOf and sameFailureStreak', () => {
  it('the newest ended attempt wins over BACKUP.LOG; missed slots and the run in progress are not results', () => {
    const h = [failed('disk full', { endedAt: '2026-11-30T09:00:00+00:00' }), attempt({ key: 'm', kind: 'missed', result: 'Missed' }), attempt({ key: 'now', result: 'In Progress', endedAt: null })];
    expect(lastResultOf(h, null)).toMatchObject({ result: 'Failed', cause: 'disk full', at: '2026-11-30T09:00:00+00:00' });
  });
  it('BACKUP.LOG stands in when the history is empty', () => {
    const log = { id: '26112001', result: 'Succeeded' as const, trigger: 'On Demand' as const, startedAt: 'a', endedAt: 'b', error: null, failedPhase: null, files: 1, bytes: 2 };
    expect(lastResultOf([], log)).toEqual({ result: 'Succeeded', at: 'b', id: '26112001', trigger: 'On Demand', phase: null, cause: null });
  });
  it.each([
    [[failed('a'), failed('b'), failed('b')], 2],
    [[failed('b'), attempt({}), failed('b')], 1],
    [[failed('b'), failed('b')], 2],
    [[failed('b'), attempt({})], 0],
  ])('%# → %i', (h, n) => {
    expect(sameFailureStreak(h).count).toBe(n);
  });
});
