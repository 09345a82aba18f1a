import { describe, expect, it } from 'vitest';
import type { BackupRecord } from '../../shared/vault.js';
import { durationSeconds, filterRecords, formatBytes, formatDuration, noFilter, planDelete, sortRecords } from './vault-rows.js';

const rec = (id: string, over: Partial<BackupRecord> = {}): BackupRecord => ({
  id,
  trigger: 'On Demand',
  started: `20${id.slice(0, 2)}-${id.slice(2, 4)}-${id.slice(4, 6)}T10:00:00.000+01:00`,
  ended: `20${id.slice(0, 2)}-${id.slice(2, 4)}-${id.slice(4, 6)}T10:00:30.000+01:00`,
  result: 'Succeeded',
  folder: 'Recent',
  user: '',
  task: '',
  files: 10,
  bytes: 1000,
  error: '',
  foundOnDisk: false,
  ...over,
});

const records = [
  rec('26112401', { folder: 'Archive', bytes: 500 }),
  rec('26112402', { folder: 'Failed', result: 'Failed', error: 'disk full', files: null, bytes: null }),
  rec('26112501', { bytes: 2000, ended: '2026-11-25T10:02:00.000+01:00' }),
  rec('26112502', { folder: 'Failed', result: 'Failed', error: 'unsettled' }),
  rec('26112601', { bytes: 3000 }),
  rec('26112602', { folder: 'Failed', result: 'In Progress', ended: null }),
];

describe('filterRecords', () => {
  it.each([
    { name: 'no filter', f: noFilter, want: ['26112401', '26112402', '26112501', '26112502', '26112601', '26112602'] },
    { name: 'folder Failed', f: { ...noFilter, folder: 'Failed' as const }, want: ['26112402', '26112502', '26112602'] },
    { name: 'result Failed', f: { ...noFilter, result: 'Failed' as const }, want: ['26112402', '26112502'] },
    { name: 'from 2026-11-25', f: { ...noFilter, from: '2026-11-25' }, want: ['26112501', '26112502', '26112601', '26112602'] },
    { name: 'one day', f: { ...noFilter, from: '2026-11-25', to: '2026-11-25' }, want: ['26112501', '26112502'] },
    { name: 'Recent and a range', f: { ...noFilter, folder: 'Recent' as const, to: '2026-11-25' }, want: ['26112501'] },
  ])('$name', ({ f, want }) => {
    expect(filterRecords(records, f).map((r) => r.id)).toEqual(want);
  });
});

describe('sortRecords', () => {
  it('sorts by size with empty sizes last both ways', () => {
    expect(sortRecords(records, 'bytes', 'ascending').map((r) => r.bytes)).toEqual([500, 1000, 1000, 2000, 3000, null]);
    expect(sortRecords(records, 'bytes', 'descending').map((r) => r.bytes)).toEqual([3000, 2000, 1000, 1000, 500, null]);
  });
  it('sorts by duration, a run in progress last', () => {
    expect(sortRecords(records, 'duration', 'descending').map((r) => r.id)[0]).toBe('26112501');
    expect(sortRecords(records, 'duration', 'ascending').at(-1)!.id).toBe('26112602');
  });
  it('sorts by start time', () => {
    expect(sortRecords(records, 'started', 'descending').map((r) => r.id)).toEqual(['26112602', '26112601', '26112502', '26112501', '26112402', '26112401']);
  });
});

describe('planDelete', () => {
  it('a successful backup takes the failed backups older than it', () => {
    expect(planDelete(records, ['26112601']).map((d) => d.record.id)).toEqual(['26112601', '26112402', '26112502']);
  });
  it('an older successful backup takes only the failed ones older than it', () => {
    expect(planDelete(records, ['26112501']).map((d) => d.record.id)).toEqual(['26112501', '26112402']);
  });
  it('a failed backup goes alone; a run In Progress is never swept along', () => {
    expect(planDelete(records, ['26112502']).map((d) => d.record.id)).toEqual(['26112502']);
    expect(planDelete([...records, rec('26112603')], ['26112603']).map((d) => d.record.id)).not.toContain('26112602');
  });
  it('several chosen: each listed once', () => {
    expect(planDelete(records, ['26112402', '26112601']).map((d) => d.record.id)).toEqual(['26112402', '26112601', '26112502']);
  });
});

describe('formatting', () => {
  it.each([
    [0, '0 bytes'],
    [1023, '1023 bytes'],
    [1536, '1.5 KB'],
    [5 * 1024 * 1024, '5.0 MB'],
    [123 * 1024 * 1024 * 1024, '123 GB'],
    [null, '—'],
  ])('bytes %s → %s', (n, want) => expect(formatBytes(n)).toBe(want));
  it.each([
    [0.2, '1 s'],
    [42, '42 s'],
    [125, '2 min 5 s'],
    [3700, '1 h 1 min'],
    [null, '—'],
  ])('duration %s → %s', (s, want) => expect(formatDuration(s)).toBe(want));
  it('duration of a record', () => {
    expect(durationSeconds(records[2]!)).toBe(120);
    expect(durationSeconds(records[5]!)).toBeNull();
  });
});
