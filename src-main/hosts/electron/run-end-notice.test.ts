import { describe, expect, it } from 'vitest';
import type { LastRun } from '../../../shared/status.js';
import { formatBytes, runEndNotice, runKey } from './run-end-notice.js';

const good: LastRun = {
  id: '26112601',
  result: 'Succeeded',
  trigger: 'On Demand',
  startedAt: '2026-11-26T10:00:00+01:00',
  endedAt: '2026-11-26T10:01:00+01:00',
  error: null,
  failedPhase: null,
  files: 1234,
  bytes: 5_600_000,
};
const bad: LastRun = { ...good, id: '26112602', result: 'Failed', error: 'disk full on /mnt/backup', failedPhase: 'Streaming Files', files: null, bytes: null };

describe('runEndNotice', () => {
  it('announces a success once', () => {
    const notice = runEndNotice(null, good);
    expect(notice).toEqual({
      title: 'HotBackup succeeded',
      body: 'Backup 26112601 (On Demand) is complete and validated. 1,234 files, 5.3 MB.',
      timeoutType: 'default',
      urgency: 'normal',
    });
    expect(runEndNotice(runKey(good), good)).toBeNull();
  });

  it('a failure stays until dismissed and says where and why', () => {
    expect(runEndNotice(runKey(good), bad)).toEqual({
      title: 'HotBackup FAILED',
      body: 'Backup 26112602 (On Demand) failed in Streaming Files: disk full on /mnt/backup. Open the console for details.',
      timeoutType: 'never',
      urgency: 'critical',
    });
  });

  it('nothing ended yet', () => {
    expect(runEndNotice(null, null)).toBeNull();
  });

  it.each([
    [0, '0 bytes'],
    [999, '999 bytes'],
    [1000, '1000 bytes'],
    [5_600_000, '5.3 MB'],
    [12_300_000_000, '11 GB'],
  ])('formatBytes(%d) = %s', (n, text) => expect(formatBytes(n)).toBe(text));
});
