import { describe, expect, it } from 'vitest';
import type { BackupRecord } from '../../../shared/vault.js';
import { backupsToVerify, verdictOf, verifyDue } from './verify-plan.js';

const rec = (id: string, ended: string, over: Partial<BackupRecord> = {}): BackupRecord => ({
  id, trigger: 'Scheduled', started: ended, ended, result: 'Succeeded', folder: 'Recent', user: '', task: '', files: 1, bytes: 1, error: '', foundOnDisk: false, ...over,
});

describe('scheduled verify plan', () => {
  it.each([
    ['6 days 23 h ago: not yet', '2026-11-23T01:00:00Z', '2026-11-30T00:00:00Z', 7, false],
    ['7 days ago: due', '2026-11-23T00:00:00Z', '2026-11-30T00:00:00Z', 7, true],
    ['every day, 1 day ago: due', '2026-11-29T00:00:00Z', '2026-11-30T00:00:00Z', 1, true],
    ['0 days: never', '2026-01-01T00:00:00Z', '2026-11-30T00:00:00Z', 0, false],
  ] as const)('%s', (_label, last, now, every, expected) => {
    expect(verifyDue(last, new Date(now), every)).toBe(expected);
  });

  const records = [
    rec('26112701', '2026-11-27T02:10:00+01:00', { folder: 'Archive' }),
    rec('26112901', '2026-11-29T02:10:00+01:00'),
    rec('26113001', '2026-11-30T02:10:00+01:00', { result: 'Failed', folder: 'Failed' }),
    rec('26113002', '2026-11-30T09:00:00+01:00', { result: 'In Progress', ended: null }),
    rec('26112801', '2026-11-28T02:10:00+01:00'),
  ];

  it('the newest successful backup, or every successful one newest first; never failed or running ones', () => {
    expect(backupsToVerify(records, 'newest')).toEqual(['26112901']);
    expect(backupsToVerify(records, 'all')).toEqual(['26112901', '26112801', '26112701']);
    expect(backupsToVerify([], 'newest')).toEqual([]);
    // Equal end times (a folder rebuilt from disk): the higher ID is the later run.
    expect(backupsToVerify([rec('26112901', '2026-11-29T02:10:00Z'), rec('26112902', '2026-11-29T02:10:00Z')], 'newest')).toEqual(['26112902']);
  });

  it('a verdict names the damaged volumes and entries', () => {
    const v = verdictOf(
      {
        id: '26112901', ok: false, volumesChecked: 2, entriesExpected: 3, entriesChecked: 3, problems: ['x'],
        badVolumes: [{ name: 'BACKUP.002', problem: 'SHA-256 differs from MANIFEST.json' }],
        badEntries: [{ path: 'data/a.txt', problem: 'content differs', volume: 'BACKUP.002' }],
      },
      '2026-11-30T03:00:00+01:00',
      true,
    );
    expect(v).toEqual({
      id: '26112901', at: '2026-11-30T03:00:00+01:00', ok: false, scheduled: true,
      summary: 'BACKUP.002: SHA-256 differs from MANIFEST.json; data/a.txt (in BACKUP.002): content differs',
      // Kept for Browse, which marks the files in them before a restore (verify-results.json 2).
      badVolumes: [{ name: 'BACKUP.002', problem: 'SHA-256 differs from MANIFEST.json' }],
      badEntries: [{ path: 'data/a.txt', problem: 'content differs' }],
    });
  });
});
