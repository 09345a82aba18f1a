import { describe, expect, it } from 'vitest';
import { inactiveStatus, type Phase, type StatusSnapshot } from '../../../shared/status.js';
import { statusOfPhase } from '../../../shared/status.js';
import { taskbarProgress } from './taskbar-progress.js';

const at = (phase: Phase, percent: number): StatusSnapshot => ({
  ...inactiveStatus,
  status: statusOfPhase[phase],
  phase,
  run: {
    id: null,
    trigger: 'On Demand',
    user: '',
    task: '',
    startedAt: '2026-11-26T10:00:00+01:00',
    snapshotTaken: false,
    progress: { percent, bytesDone: 0, bytesTotal: 0, filesDone: 0, filesTotal: 0, currentFile: null, etaSeconds: null },
  },
});

describe('taskbarProgress', () => {
  it.each([
    ['idle', inactiveStatus, { value: -1, mode: 'none' }],
    ['preparing', at('Gathering File Statistics', 0), { value: 2, mode: 'indeterminate' }],
    ['saving', at('Streaming Files', 37.5), { value: 0.37, mode: 'normal' }],
    ['validating', at('Validating Save', 90), { value: 0.9, mode: 'normal' }],
    ['done', { ...at('HotBackup Succeeded', 100), run: null }, { value: -1, mode: 'none' }],
    ['failed', { ...at('HotBackup Failed', 40), run: null }, { value: -1, mode: 'none' }],
  ] as const)('%s', (_name, snapshot, expected) => {
    expect(taskbarProgress(snapshot)).toEqual(expected);
  });
});
