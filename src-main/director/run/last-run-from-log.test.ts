import { describe, expect, it } from 'vitest';
import type { BackupRecord } from '../../../shared/vault.js';
import { lastRunFromRecords } from './last-run-from-log.js';

const rec = (id: string, result: BackupRecord['result'], ended: string | null, extra: Partial<BackupRecord> = {}): BackupRecord => ({
  id,
  trigger: 'Scheduled',
  started: '2026-11-24T12:00:00.000-05:00',
  ended,
  result,
  folder: 'Recent',
  user: '',
  task: '',
  files: 3,
  bytes: 300,
  error: '',
  foundOnDisk: false,
  ...extra,
});

describe('lastRunFromRecords', () => {
  it.each([
    ['no records', [], null],
    ['only a run in progress', [rec('26112401', 'In Progress', null)], null],
    [
      'the newest finished run, by end time',
      [rec('26112402', 'Failed', '2026-11-24T12:05:00.000-05:00', { error: 'stopped by shutdown', folder: 'Failed' }), rec('26112401', 'Succeeded', '2026-11-24T12:01:00.000-05:00')],
      { id: '26112402', result: 'Failed', error: 'stopped by shutdown', trigger: 'Scheduled' },
    ],
    ['an unknown trigger reads as On Demand', [rec('26112401', 'Succeeded', '2026-11-24T12:01:00.000-05:00', { trigger: 'Manual' })], { trigger: 'On Demand', error: null }],
  ])('%s', (_name, records, expected) => {
    const last = lastRunFromRecords(records as BackupRecord[]);
    if (expected === null) expect(last).toBeNull();
    else expect(last).toMatchObject(expected);
  });
});
