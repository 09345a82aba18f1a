import { describe, expect, it } from 'vitest';
import type { StatusSnapshot } from '../../../shared/status.js';
import { formatPhaseEnd, formatProgressBar } from './run-format.js';

const running = (percent: number, etaSeconds: number | null): Pick<StatusSnapshot, 'status' | 'phase' | 'run'> => ({
  status: 'Saving',
  phase: 'Streaming Files',
  run: {
    id: '26112601',
    trigger: 'On Demand',
    user: 'frank',
    task: '',
    startedAt: '2026-11-26T10:00:00+00:00',
    snapshotTaken: true,
    progress: { percent, bytesDone: 1.5 * 1024 ** 3, bytesTotal: 3 * 1024 ** 3, filesDone: 10, filesTotal: 20, currentFile: null, etaSeconds },
  },
});

describe('formatProgressBar', () => {
  it("draws the run's share (named overall), the phase's own counts and share, and the time left, as the console words them", () => {
    expect(formatProgressBar(running(50, 75), 10)).toBe('Saving — Streaming Files [#####-----] 50% overall · This phase: 1.5 GB of 3.0 GB (50%), 10 of 20 files · about 1 min 15 s left');
  });
  it('at the start of a phase the overall percent is not read as the phase counter: 26% overall, this phase 0%', () => {
    const start = running(26, 60);
    start.run!.progress = { ...start.run!.progress, bytesDone: 0, bytesTotal: 160 * 1024 ** 2, filesDone: 0 };
    expect(formatProgressBar(start, 10)).toBe('Saving — Streaming Files [###-------] 26% overall · This phase: 0 bytes of 160 MB (0%), 0 of 20 files · about 1 min left');
  });
  it('says an unknown time left is being estimated and keeps the bar inside its width', () => {
    expect(formatProgressBar(running(100, null), 4)).toBe('Saving — Streaming Files [####] 100% overall · This phase: 1.5 GB of 3.0 GB (50%), 10 of 20 files · estimating time left…');
  });
  it("gives a log or pipe the phase's final counts", () => {
    const done = running(90, 5);
    done.run!.progress = { ...done.run!.progress, bytesDone: 3 * 1024 ** 3, filesDone: 20 };
    expect(formatPhaseEnd(done)).toBe('  This phase: 3.0 GB of 3.0 GB (100%), 20 of 20 files');
    expect(formatPhaseEnd({ phase: 'Making Backup Folder', run: { ...done.run!, progress: { ...done.run!.progress, bytesTotal: 0, filesTotal: 0, filesDone: 0 } } })).toBe('');
  });
  it('is the plain step when nothing runs', () => {
    expect(formatProgressBar({ status: 'Inactive', phase: null, run: null })).toBe('Inactive');
  });
});
