import { describe, expect, it } from 'vitest';
import { defaultSettings, Settings } from '../../../shared/settings.js';
import { inactiveStatus } from '../../../shared/status.js';
import { fakeEngine } from '../testing/fake-engine.js';
import { silentLogger } from '../../base/logger.js';
import { RunQueue } from './run-queue.js';
import { TaskRegistry } from '../tasks/task-registry.js';

// The watchdog (issue 14 point 3): a run that makes no progress for engine.watchdogMinutes ends
// Failed with its phase and the cause. The clock is injected; the check runs every few ms.

describe('run watchdog', () => {
  it('a run stuck after its snapshot point ends Failed "no progress for 10 min in …" once the clock passes 10 minutes', async () => {
    const engine = fakeEngine();
    let now = Date.parse('2026-11-30T10:00:00Z');
    const runs = new RunQueue({
      runBackup: engine.runBackup,
      settings: () => Settings.parse(defaultSettings('linux', '/home/u')),
      tasks: new TaskRegistry(() => new Date(now)),
      publish: () => undefined,
      initialStatus: inactiveStatus,
      logger: silentLogger,
      clock: () => new Date(now),
      onRunEnded: [],
      watchdogCheckMs: 5,
    });
    const { run } = runs.start({ trigger: 'Scheduled', user: '', task: '', system: '' });
    await engine.snapshotPassed();
    now += 9 * 60_000;
    await new Promise((r) => setTimeout(r, 30));
    expect(run.outcome).toBeNull(); // 9 minutes without progress: still running
    now += 60_000;
    const result = await run.done;
    expect(result.result).toBe('Failed');
    expect(result.error).toMatch(/^no progress for 10 min in "Streaming Files" \(no bytes or files were saved, and the phase did not change\); the run was stopped\. Check that the drives/);
  });
});
