import { describe, expect, it } from 'vitest';
import type { BackupRecord } from '../../shared/vault.js';
import type { HistoryEntry } from '../../shared/history.js';
import { historySeries, runsFromHistory } from './history-series.js';
import { attemptsWithoutFolder } from './failed-attempts.js';

const rec = (id: string, minute: number, over: Partial<BackupRecord> = {}): BackupRecord => ({
  id,
  trigger: 'Scheduled',
  started: `2026-11-26T10:${String(minute).padStart(2, '0')}:00.000+01:00`,
  ended: `2026-11-26T10:${String(minute).padStart(2, '0')}:30.000+01:00`,
  result: 'Succeeded',
  folder: 'Recent',
  user: '',
  task: '',
  files: 3,
  bytes: 3 * 1024 * 1024,
  error: '',
  foundOnDisk: false,
  ...over,
});

describe('historySeries', () => {
  it('oldest first, the last N finished runs, failures marked at their duration', () => {
    const s = historySeries(
      [rec('26112603', 30), rec('26112601', 10), rec('26112602', 20, { result: 'Failed', bytes: null }), rec('26112604', 40, { result: 'In Progress', ended: null })],
      2,
    );
    expect(s.ids).toEqual(['26112602', '26112603']);
    expect(s.size).toEqual([null, 3]);
    expect(s.sizeUnit).toBe('MB');
    expect(s.seconds).toEqual([30, 30]);
    expect(s.failedSeconds).toEqual([30, null]);
  });
  it.each([
    [500, 'KB'],
    [5 * 1024 ** 2, 'MB'],
    [2 * 1024 ** 3, 'GB'],
  ])('%s bytes → %s', (bytes, unit) => {
    expect(historySeries([rec('26112601', 1, { bytes })]).sizeUnit).toBe(unit);
  });
});

const attempt = (key: string, minute: number, over: Partial<HistoryEntry> = {}): HistoryEntry => ({
  key, kind: 'attempt', startedAt: `2026-11-26T10:${String(minute).padStart(2, '0')}:00.000+01:00`, endedAt: `2026-11-26T10:${String(minute).padStart(2, '0')}:10.000+01:00`,
  trigger: 'Scheduled', user: '', task: '', result: 'Succeeded', phase: 'HotBackup Succeeded', cause: null, causeKind: null, id: null, hotBackupFolder: '/hb',
  files: 1, bytes: 2048, skipped: null, ...over,
});

describe('the chart and the Vault from the run history', () => {
  const entries = [
    attempt('r1', 10, { id: '26112601' }),
    attempt('r2', 20, { result: 'Failed', phase: 'Gathering File Statistics', cause: 'data gone', bytes: null, files: null }),
    attempt('m', 25, { kind: 'missed', result: 'Missed', endedAt: null, cause: 'the Director was not running' }),
    attempt('r3', 30, { result: 'Interrupted', endedAt: null, id: '26112602' }),
  ];
  it('charts every finished attempt, one without a folder included, interrupted ones as failed; missed slots are not runs', () => {
    const s = historySeries(runsFromHistory(entries));
    expect(s.ids).toEqual(['26112601', 'no ID (r2)', '26112602']);
    expect(s.failedSeconds).toEqual([null, 10, 0]);
  });
  it('lists attempts without a folder and missed slots, newest first', () => {
    expect(attemptsWithoutFolder(entries).map((e) => e.key)).toEqual(['m', 'r2']);
  });
});
