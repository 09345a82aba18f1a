import { describe, expect, it, vi } from 'vitest';
import { defaultSettings, Settings } from '../../../shared/settings.js';
import { inactiveStatus } from '../../../shared/status.js';
import type { RunBackupResult } from '../../engine/run/run-types.js';
import { fakeEngine } from '../testing/fake-engine.js';
import { silentLogger } from '../../base/logger.js';
import { RunQueue, type RunEnded } from './run-queue.js';
import type { RunRecorder } from './run-lifecycle.js';
import { TaskRegistry } from '../tasks/task-registry.js';

// A request that comes while a cancelled run is still ending waits for it (9d61a2f). Here: what
// happens to that waiting run when it is cancelled or the Director shuts down before it starts.

const tick = () => new Promise((r) => setImmediate(r));

/** A queue whose first run, once cancelled, takes until `endCancelled()` to end (a copy finishing its step). */
function setup(slowListener?: () => Promise<void>) {
  const engine = fakeEngine();
  const history: string[] = [];
  const recorder: RunRecorder = {
    begin: async (run) => {
      history.push(`begin ${run.key} ${run.user}`);
      return null;
    },
    folder: async () => null,
    end: async (run, r: RunBackupResult) => {
      history.push(`end ${run.key} ${r.result} ${r.error ?? ''}`);
      return null;
    },
  };
  const ended: RunEnded[] = [];
  let endCancelled: () => void = () => undefined;
  let calls = 0;
  const runs = new RunQueue({
    runBackup: async (o) => {
      calls++;
      const r = await engine.runBackup(o);
      if (calls === 1) await new Promise<void>((resolve) => (endCancelled = resolve));
      return r;
    },
    settings: () => Settings.parse(defaultSettings('linux', '/home/u')),
    tasks: new TaskRegistry(() => new Date()),
    publish: () => undefined,
    initialStatus: inactiveStatus,
    logger: silentLogger,
    clock: () => new Date(),
    onRunEnded: [(e) => void ended.push(e), ...(slowListener ? [slowListener] : [])],
    recorder,
  });
  return { engine, runs, history, ended, endCancelled: () => endCancelled() };
}

async function cancelledAndEnding(s: ReturnType<typeof setup>) {
  const first = s.runs.start({ trigger: 'On Demand', user: 'ann', task: '', system: '' });
  await s.engine.snapshotPassed();
  s.runs.cancel('ann');
  await tick();
  return first.run;
}

describe('RunQueue: a run waiting for a cancelled one', () => {
  it('a request after the waiting run was cancelled starts a new run that completes (it does not fail with the cancel)', async () => {
    const s = setup();
    const first = await cancelledAndEnding(s);
    const bob = s.runs.start({ trigger: 'Requested', user: 'bob', task: 'Month end', system: 'PC2' });
    expect(s.runs.cancel('carl')).toBe(bob.run);
    const dora = s.runs.start({ trigger: 'Requested', user: 'dora', task: 'Payroll', system: 'PC3' });
    expect(dora.run).not.toBe(bob.run);
    expect(dora.joined).toBe(false);
    // The cancelled waiting run never starts: its requester hears at once, before the run ahead ends.
    expect(await bob.run.done).toMatchObject({ result: 'Failed', error: 'cancelled by carl', id: null });
    s.endCancelled();
    expect(await first.done).toMatchObject({ result: 'Failed', error: 'cancelled by ann' });
    await vi.waitFor(() => expect(dora.run.state.phase).toBe('Streaming Files'));
    s.engine.finish();
    expect(await dora.run.done).toMatchObject({ result: 'Succeeded' });
    expect(s.engine.calls).toHaveLength(2);
    expect(s.engine.recorded[1]).toEqual([{ system: 'PC3', user: 'dora', task: 'Payroll' }]);
    // Every attempt is in the run history with its end, the cancelled waiting one too.
    await tick();
    expect(s.history).toEqual([
      `begin ${first.key} ann`,
      `begin ${bob.run.key} bob`,
      `end ${bob.run.key} Failed cancelled by carl`,
      `end ${first.key} Failed cancelled by ann`,
      `begin ${dora.run.key} dora`,
      `end ${dora.run.key} Succeeded `,
    ]);
    expect(s.ended.map((e) => `${e.runKey} ${e.result.result}`)).toEqual([`${bob.run.key} Failed`, `${first.key} Failed`, `${dora.run.key} Succeeded`]);
  });

  it('a shutdown while a run waits ends it "stopped by shutdown" before shutdown() returns, its start and end in the history', async () => {
    const s = setup();
    const first = await cancelledAndEnding(s);
    const bob = s.runs.start({ trigger: 'Requested', user: 'bob', task: '', system: '' });
    const stopping = s.runs.shutdown();
    s.endCancelled();
    await stopping;
    // The host closes the server and exits right after: the waiting run's requester must have its answer by now.
    expect(bob.run.outcome).toMatchObject({ result: 'Failed', error: 'stopped by shutdown' });
    expect(first.outcome).toMatchObject({ result: 'Failed', error: 'cancelled by ann' });
    expect(s.history).toEqual([`begin ${first.key} ann`, `begin ${bob.run.key} bob`, `end ${bob.run.key} Failed stopped by shutdown`, `end ${first.key} Failed cancelled by ann`]);
    expect(s.engine.calls).toHaveLength(1);
    expect(s.runs.current()).toBeNull();
  });

  it('a schedule slot while a cancelled run is ending starts a run after it (not skipped as busy); one while a run saves is busy', async () => {
    const s = setup();
    const saving = s.runs.start({ trigger: 'On Demand', user: 'ann', task: '', system: '' });
    await s.engine.snapshotPassed();
    expect(s.runs.startUnlessRunning({ trigger: 'Scheduled', user: '', task: '', system: '' })).toBe('busy');
    s.runs.cancel('ann');
    await tick();
    expect(s.runs.startUnlessRunning({ trigger: 'Scheduled', user: '', task: '', system: '' })).toBe('started');
    s.endCancelled();
    expect(await saving.run.done).toMatchObject({ result: 'Failed', error: 'cancelled by ann' });
    await vi.waitFor(() => expect(s.runs.current()?.state.phase).toBe('Streaming Files'));
    expect(s.runs.current()?.state.trigger).toBe('Scheduled');
    s.engine.finish();
    await vi.waitFor(() => expect(s.ended.map((e) => `${e.trigger} ${e.result.result}`)).toEqual(['On Demand Failed', 'Scheduled Succeeded']));
  });

  it('a shutdown does not wait for the listeners of the waiting run it ended (an e-mail server that does not answer)', async () => {
    const s = setup(() => new Promise<void>(() => undefined));
    await cancelledAndEnding(s);
    const bob = s.runs.start({ trigger: 'Requested', user: 'bob', task: '', system: '' });
    const stopping = s.runs.shutdown();
    s.endCancelled();
    await stopping;
    expect(bob.run.outcome).toMatchObject({ result: 'Failed', error: 'stopped by shutdown' });
    expect(s.ended.map((e) => e.runKey)).toContain(bob.run.key);
  });
});
