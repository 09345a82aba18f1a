import { describe, expect, it } from 'vitest';
import type { OffsiteStatus, OffsiteTargetStatus } from '../../shared/offsite.js';
import { copyWord, failedCopies, lastCopyText, offsiteCell, progressText, retentionText, whenText, whereText } from './offsite-format.js';

const idle: OffsiteTargetStatus = { target: 'nas', label: 'Office NAS', state: 'idle', backupId: null, queued: [], step: null, bytesDone: 0, bytesTotal: 0, nextRetry: null, lastCopy: null, onTarget: null };
const failed = { target: 'b2', label: 'B2', backupId: '2026-11-30_2330', started: '2026-11-30T23:40:00Z', ended: '2026-11-30T23:41:00Z', ok: false, attempt: 2, bytesSent: 0, error: 'nothing answers at that address', encrypted: true };

describe('offsite words', () => {
  it('says where, when and how many', () => {
    expect(whereText({ remote: 'nas:', path: 'hb' })).toBe('nas:hb');
    expect(whereText({ remote: '/mnt/usb', path: 'hb' })).toBe('/mnt/usb/hb');
    expect(whenText({ kind: 'afterRun' })).toBe('After every successful HotBackup');
    expect(whenText({ kind: 'schedule', days: { kind: 'weekdays' }, times: ['02:00', '14:00'] })).toBe('Weekdays (Mon–Fri) at 02:00, 14:00');
    expect(retentionText(null, 6)).toBe('Keeps 6 (Recent + Archive)');
    expect(retentionText(1, 6)).toBe('Keeps 1 copy');
  });

  it('says the last copy and the progress', () => {
    expect(lastCopyText(null)).toBe('No copy yet');
    expect(lastCopyText(failed)).toMatch(/^Failed .*: 2026-11-30_2330 \(attempt 2\): nothing answers at that address$/);
    expect(lastCopyText({ ...failed, ok: true, bytesSent: 2048, error: '' })).toMatch(/^Succeeded .*: 2026-11-30_2330 \(2.0 KB sent, encrypted\)$/);
    expect(progressText(idle)).toBeNull();
    expect(progressText({ ...idle, state: 'copying', backupId: 'X', bytesDone: 50, bytesTotal: 200, step: 'sending BACKUP.age.002', queued: ['Y'] })).toMatch(/^Copying X: 25% \(.* of .*\), sending BACKUP.age.002; 1 waiting$/);
  });

  it('the Vault column and the Overview warning', () => {
    const status: OffsiteStatus = { targets: [{ ...idle, onTarget: ['A'] }, { ...idle, target: 'b2', label: 'B2', lastCopy: failed, queued: ['B'] }], recent: [] };
    expect(offsiteCell(status, 'A')).toBe('Office NAS: copied');
    expect(offsiteCell(status, 'B')).toBe('B2: queued');
    expect(offsiteCell(status, failed.backupId)).toBe('B2: failed');
    expect(copyWord(idle, 'Z')).toBeNull();
    expect(failedCopies(status)).toEqual([{ target: 'b2', label: 'B2', text: expect.stringMatching(/^The last copy of 2026-11-30_2330 to "B2" failed .*: nothing answers/) }]);
  });
});
