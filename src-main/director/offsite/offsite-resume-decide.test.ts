import { describe, expect, it } from 'vitest';
import type { OffsiteCopyRecord } from '../../../shared/offsite.js';
import { decideResume } from './offsite-resume.js';
import { testTarget } from './testing/offsite-fixtures.js';

const ok = (target: string, backupId: string, good = true): OffsiteCopyRecord => ({ target, label: target, backupId, started: '', ended: '', ok: good, attempt: 1, bytesSent: 0, error: good ? '' : 'down', encrypted: false });
const backups = ['26112801', '26112901', '26113001', '26113002', '26120101'].map((id, i) => ({ id, seq: i + 1 }));
const afterRun = testTarget({ id: 'usb', label: 'USB' });
const scheduled = testTarget({ id: 'b2', label: 'B2', when: { kind: 'schedule', days: { kind: 'everyDay' }, times: ['02:00'] } });
const off = testTarget({ id: 'old', label: 'Old', enabled: false });

describe('which copies the Director queues at start (pure)', () => {
  it('prepared copies of backups still there (oldest first), the backups an after-run target missed since its last complete copy, at most what it keeps', () => {
    const d = decideResume({
      targets: [afterRun, scheduled, off],
      successful: backups,
      staged: new Map([['usb', ['26113001', '26010101']], ['b2', ['26112901']], ['old', ['26113001']]]),
      // usb's last complete copy is 26112801; a later failed attempt does not count.
      history: [ok('usb', '26112801'), ok('usb', '26112901', false), ok('b2', '26112801')],
      keep: () => 2,
    });
    expect(d.queue.map((q) => [q.target.id, q.backupId, q.why])).toEqual([
      ['usb', '26113001', 'prepared'],
      ['usb', '26113002', 'missed'],
      ['usb', '26120101', 'missed'],
      ['b2', '26112901', 'prepared'],
    ]);
    expect(d.dropStaged).toEqual([{ target: 'usb', backupId: '26010101' }]);
  });

  it('a target with no complete copy in the history gets only its prepared copies; one whose last copy is gone locally compares by ID', () => {
    expect(decideResume({ targets: [afterRun], successful: backups, staged: new Map(), history: [ok('usb', '26112901', false)], keep: () => 6 }).queue).toEqual([]);
    const d = decideResume({ targets: [afterRun], successful: backups, staged: new Map(), history: [ok('usb', '26112902')], keep: () => 6 });
    expect(d.queue.map((q) => q.backupId)).toEqual(['26113001', '26113002', '26120101']);
  });
});
