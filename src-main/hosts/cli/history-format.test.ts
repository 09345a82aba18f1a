import { describe, expect, it } from 'vitest';
import type { HistoryListing } from '../../../shared/history.js';
import { formatHistory } from './history-format.js';
import { formatOutcome } from './run-format.js';

// A cause names a data directory or a file as it is on disk: a line break or an ESC sequence in
// that name must not break `hotbackup history`'s table or the backup command's answer.
const cause = 'Data directory "/srv/da\nta\x1b[2J" does not exist (is its drive connected?). Fix the path in Data Directories or remove it.';

describe('names with control characters in the CLI', () => {
  it('hotbackup history keeps one line an attempt, the control characters escaped', () => {
    const listing = {
      file: '/cfg/run-history.jsonl', damaged: 0, damagedFile: null, messages: [],
      entries: [{
        key: 'k', startedAt: '2026-11-30T21:49:35.000+00:00', endedAt: '2026-11-30T21:49:35.500+00:00', trigger: 'On Demand', user: 'ann\r', task: '',
        result: 'Failed', phase: 'Gathering File Statistics', cause, causeKind: 'bad-input', id: null, hotBackupFolder: '/hb', files: null, bytes: null, skipped: null,
      }],
    } as unknown as HistoryListing;
    const lines = formatHistory(listing).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('Data directory "/srv/da ta\\x1b[2J" does not exist');
    expect(lines[1]).toContain('ann\\x0d');
    // eslint-disable-next-line no-control-regex -- no control character may reach the terminal
    expect(lines.join('')).not.toMatch(/[\x00-\x1f\x7f]/);
  });

  it('hotbackup backup says a failure on one line, the control characters escaped', () => {
    const out = formatOutcome({ id: null, result: 'Failed', error: cause, failedPhase: 'Gathering File Statistics', files: null, bytes: null, startedAt: '', endedAt: '', warnings: [] } as never);
    expect(out).toBe('HotBackup (no ID) Failed in Gathering File Statistics: Data directory "/srv/da ta\\x1b[2J" does not exist (is its drive connected?). Fix the path in Data Directories or remove it.');
  });
});
