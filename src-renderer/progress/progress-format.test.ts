import { describe, expect, it } from 'vitest';
import type { LastRun } from '../../shared/status.js';
import { formatDateTime } from '../format/date-time.js';
import { describeTrigger, formatBytes, formatDuration, formatEta, formatRate, overallPercent, progressLine, summarizeLastRun } from './progress-format.js';

describe('progress wording', () => {
  it.each([
    [0, '0 bytes'],
    [1, '1 byte'],
    [1023, '1023 bytes'],
    [1536, '1.5 KB'],
    [5 * 1024 * 1024, '5.0 MB'],
    [300 * 1024 ** 3, '300 GB'],
  ])('formatBytes(%d) = %s', (n, text) => expect(formatBytes(n)).toBe(text));

  it.each([
    [0, '0 s'],
    [59.6, '1 min'],
    [75, '1 min 15 s'],
    [3700, '1 h 1 min'],
    [7200, '2 h'],
  ])('formatDuration(%d) = %s', (s, text) => expect(formatDuration(s)).toBe(text));

  it('the progress line leaves out what is not known yet', () => {
    const p = { percent: 30, bytesDone: 3 * 1024 ** 2, bytesTotal: 10 * 1024 ** 2, filesDone: 1200, filesTotal: 4000, currentFile: null, etaSeconds: 42 };
    expect(progressLine(p)).toBe('This phase: 3.0 MB of 10 MB (30%), 1,200 of 4,000 files · about 42 s left');
    expect(progressLine({ ...p, bytesPerSecond: 3.5 * 1024 ** 2 })).toBe('This phase: 3.0 MB of 10 MB (30%), 1,200 of 4,000 files · 3.5 MB/s · about 42 s left');
    expect(progressLine({ ...p, bytesTotal: 0, filesDone: 2, filesTotal: 3 }, 'Saving Files')).toBe('This phase: 2 of 3 databases (66%) · about 42 s left');
    expect(progressLine({ ...p, bytesTotal: 0, filesTotal: 0, filesDone: 1500, etaSeconds: null }, 'Gathering File Statistics')).toBe('This phase: 1,500 files found · estimating time left…');
    expect(formatRate(300 * 1024)).toBe('0.3 MB/s');
    expect(progressLine({ ...p, bytesTotal: 0 })).toBe('This phase: 1,200 of 4,000 files (30%) · about 42 s left');
    expect(progressLine({ ...p, bytesTotal: 0, filesTotal: 0, filesDone: 0 })).toBe('about 42 s left');
    expect(progressLine({ ...p, bytesTotal: 0, filesTotal: 0, filesDone: 0, etaSeconds: null })).toBe('');
    expect(formatEta(null)).toBe('estimating time left…');
  });

  it("at a phase's start the run's percent is named overall and the phase's counts carry the phase's own share", () => {
    // Streaming Files begins at 26% of the whole run with none of its 160 MB written yet.
    const p = { percent: 26.4, bytesDone: 0, bytesTotal: 160 * 1024 ** 2, filesDone: 0, filesTotal: 20, currentFile: null, etaSeconds: 60, bytesPerSecond: null };
    expect(overallPercent(p.percent)).toBe('26% overall');
    expect(progressLine(p, 'Streaming Files')).toBe('This phase: 0 bytes of 160 MB (0%), 0 of 20 files · about 1 min left');
    expect(overallPercent(99.99)).toBe('99% overall');
  });

  it.each([
    [{ trigger: 'On Demand', user: 'Console', task: '' }, 'On Demand, started by Console'],
    [{ trigger: 'Requested', user: 'FRANK', task: 'Reindex' }, 'Requested by FRANK before "Reindex"'],
    [{ trigger: 'Scheduled', user: '', task: '' }, 'Scheduled'],
    [{ trigger: 'Scheduled (catch-up)', user: '', task: '' }, 'Scheduled (catch-up)'],
  ] as const)('describeTrigger(%o)', (run, text) => expect(describeTrigger(run)).toBe(text));

  const last: LastRun = {
    id: '26112601',
    result: 'Succeeded',
    trigger: 'On Demand',
    startedAt: '2026-11-26T10:40:00+01:00',
    endedAt: '2026-11-26T10:41:05+01:00',
    error: null,
    failedPhase: null,
    files: 1234,
    bytes: 2.5 * 1024 ** 2,
  };
  it('summarises a success with its size and duration, and a failure with phase and reason', () => {
    expect(summarizeLastRun(last)).toEqual({
      tone: 'ok',
      text: `HotBackup 26112601 succeeded at ${formatDateTime(last.endedAt, { seconds: true })} (On Demand, 1,234 files, 2.5 MB, took 1 min 5 s).`,
    });
    expect(summarizeLastRun({ ...last, id: null, result: 'Failed', error: 'disk full', failedPhase: 'Saving Files' })).toEqual({
      tone: 'error',
      text: `The last HotBackup failed at ${formatDateTime(last.endedAt, { seconds: true })} in "Saving Files": disk full`,
    });
  });
});
