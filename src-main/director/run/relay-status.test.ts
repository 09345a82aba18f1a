import { describe, expect, it } from 'vitest';
import type { StatusSnapshot } from '../../../shared/status.js';
import { Throttle } from '../../base/throttle.js';
import { fakeTimers } from '../../base/testing/fake-timers.js';
import { relayStatus } from './relay-status.js';

describe('relayStatus', () => {
  const snap = (phase: 'Validating Save' | 'Removing Old Backups', filesDone: number): StatusSnapshot => ({
    status: phase === 'Validating Save' ? 'Validating' : 'Cleanup',
    phase,
    run: { id: null, trigger: 'On Demand', user: '', task: '', startedAt: '2026-12-01T10:00:00+01:00', snapshotTaken: true, progress: { percent: 90, bytesDone: 0, bytesTotal: 0, filesDone, filesTotal: 40, currentFile: null, etaSeconds: null, bytesPerSecond: null } },
    lastRun: null,
    warnings: [],
  });

  it("a phase's final count, pushed within the quiet time, is delivered before the next phase (not replaced by it)", () => {
    const t = fakeTimers();
    const sent: string[] = [];
    const publish = relayStatus(new Throttle<StatusSnapshot>((s) => sent.push(`${s.phase} ${s.run?.progress.filesDone}`), 100, t.api));
    publish(snap('Validating Save', 0), false);
    t.advance(30);
    // The phase ends 30 ms later: its final count waits for the quiet time, the next phase comes at once.
    publish(snap('Validating Save', 40), false);
    publish(snap('Removing Old Backups', 0), false);
    expect(sent).toEqual(['Validating Save 0', 'Validating Save 40', 'Removing Old Backups 0']);
    t.advance(500);
    expect(sent).toHaveLength(3);
  });
});
