import { describe, expect, it } from 'vitest';
import type { NotificationMessage } from '../../../shared/settings.js';
import { messageMatches, placeholderValues, readableDuration, readableSize, readableTime, renderMessage, sampleRun, skippedWords } from './render.js';

const m = (when: NotificationMessage['when'], enabled = true) =>
  ({ id: 'x', name: 'x', enabled, when, to: [], cc: [], subject: '', body: '', attachLog: false }) satisfies NotificationMessage;

describe('messageMatches', () => {
  it.each([
    ['success', true, 'Succeeded', true],
    ['success', true, 'Failed', false],
    ['failure', true, 'Failed', true],
    ['failure', true, 'Succeeded', false],
    ['always', true, 'Succeeded', true],
    ['always', true, 'Failed', true],
    ['always', false, 'Failed', false],
  ] as const)('%s (enabled %s) on %s → %s', (when, enabled, result, sent) => {
    expect(messageMatches(m(when, enabled), result)).toBe(sent);
  });
});

describe('readable values', () => {
  it.each([
    ['2026-11-26T09:05:00.123+01:00', '2026-11-26 09:05:00 +01:00'],
    ['2026-11-26T09:05:00Z', '2026-11-26 09:05:00 UTC'],
    ['not a time', 'not a time'],
  ])('time %s → %s', (iso, shown) => expect(readableTime(iso)).toBe(shown));

  it.each([
    [0, '0 s'], [44_600, '45 s'], [125_000, '2 min 5 s'], [3_780_000, '1 h 3 min'], [-1, ''], [NaN, ''],
  ])('duration %d ms → %s', (ms, shown) => expect(readableDuration(ms)).toBe(shown));

  it.each([
    [512, '512 bytes'], [1536, '1.5 KB'], [4_831_838_208, '4.5 GB'],
  ])('size %d → %s', (b, shown) => expect(readableSize(b)).toBe(shown));
});

describe('renderMessage', () => {
  it('fills a failed run without a folder: named by its start time, folder said to be missing, counts empty', () => {
    const values = placeholderValues(
      { ...sampleRun('failure', '/srv/HotBackup'), id: null, backupPath: null },
      { host: 'srv1', consoleUrl: null },
    );
    const out = renderMessage({ subject: '[{{id}}] {{result}}\non {{host}}', body: '{{phase}}: {{error}} |{{folder}}|{{files}}|{{consoleUrl}}|' }, values);
    expect(out.subject).toBe(`[attempt of ${readableTime(sampleRun('failure', '/srv/HotBackup').startedAt)}] Failed on srv1`);
    expect(out.subject).toMatch(/^\[attempt of \d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
    expect(out.body).toBe(
      'Gathering File Statistics: the HotBackup folder has 1.2 GiB free, the backup needs about 4.5 GiB: free space or choose another folder |(none: the run failed before its backup folder was made)|||',
    );
  });

  it('a name with control characters or a line break cannot forge lines, hide text or break the subject: escaped as in the logs', () => {
    const name = '/srv/da\nta\r2026 HotBackup Succeeded\x1b[8m hidden\x00';
    const run = { ...sampleRun('failure', '/srv/HotBackup'), id: null, backupPath: null, error: `Data directory "${name}" does not exist`, task: 'Close\r\nmonth' };
    const out = renderMessage({ subject: '{{result}}: {{error}} ({{task}})', body: 'Cause: {{error}}\nTask: {{task}}' }, placeholderValues(run, { host: 'srv1', consoleUrl: null }));
    expect(out.subject).toBe('Failed: Data directory "/srv/da ta\\x0d2026 HotBackup Succeeded\\x1b[8m hidden\\x00" does not exist (Close month)');
    expect(out.body).toBe('Cause: Data directory "/srv/da\nta\\x0d2026 HotBackup Succeeded\\x1b[8m hidden\\x00" does not exist\nTask: Close\nmonth');
    // eslint-disable-next-line no-control-regex -- no control character but the line breaks left
    expect(out.subject + out.body).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f]/);
  });

  it('the sample success run lives under Recent/ of the configured folder, with the folder\'s separators', () => {
    expect(sampleRun('success', '/srv/HotBackup/').backupPath).toBe('/srv/HotBackup/Recent/26112601');
    expect(sampleRun('failure', 'C:\\HotBackup').backupPath).toBe('C:\\HotBackup\\Failed\\26112601');
  });
});

describe('skipped', () => {
  it.each([
    [null, ''],
    [{ vanished: 0, unreadable: 0, special: 0 }, 'nothing'],
    [{ vanished: 2, unreadable: 1, special: 0 }, '2 vanished, 1 unreadable (each named in HB.LOG)'],
  ])('%j → %s', (s, words) => expect(skippedWords(s)).toBe(words));
});
