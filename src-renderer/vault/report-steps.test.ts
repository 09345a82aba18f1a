import { describe, expect, it } from 'vitest';
import { reportLines, stepKind, stepName } from './report-steps.js';

describe('report steps', () => {
  it.each([
    ['HB_SNAPSHOT_POINT', 'Snapshot point reached', 'step'],
    ['HB_FAILED', 'HotBackup failed', 'problem'],
    ['HB_USER_TASK_REC', 'User task record', 'task'],
    ['HB_MAIL_FAILED', 'Notification failed', 'problem'],
    ['HB_MAIL_SENT', 'Notification sent', 'mail'],
    ['HB_VALIDATION_ATTEMPT', 'Validation attempt', 'validation'],
    ['HB_SOMETHING_NEW', 'Something new', 'step'],
    ['r:DD_COMPLETES', 'Dd completes', 'step'],
  ])('%s → %s (%s)', (code, name, kind) => {
    expect(stepName(code)).toBe(name);
    expect(stepKind(code)).toBe(kind);
  });
  it('keeps time and detail', () => {
    expect(reportLines([{ time: 't', code: 'HB_FAILED', detail: 'disk full' }])).toEqual([{ time: 't', code: 'HB_FAILED', detail: 'disk full', step: 'HotBackup failed', kind: 'problem' }]);
  });
});
