import { describe, expect, it } from 'vitest';
import type { BackupRecord } from '../../shared/vault.js';
import { historySeries } from './history-series.js';

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
