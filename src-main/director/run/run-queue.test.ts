import { describe, expect, it, vi } from 'vitest';
import { defaultSettings, Settings } from '../../../shared/settings.js';
import { inactiveStatus, type StatusSnapshot } from '../../../shared/status.js';
import type { LightUpdate } from '../../../shared/run.js';
import { fakeEngine } from '../testing/fake-engine.js';
import { watchLight } from '../tasks/traffic-light.js';
import { silentLogger } from '../../base/logger.js';
import { RunQueue, type RunEnded } from './run-queue.js';
import { TaskRegistry } from '../tasks/task-registry.js';

const tick = () => new Promise((r) => setImmediate(r));

function setup() {
  const engine = fakeEngine();
  const tasks = new TaskRegistry(() => new Date());
  const published: StatusSnapshot[] = [];
  const ended: RunEnded[] = [];
  const runs = new RunQueue({
    runBackup: engine.runBackup,
    settings: () => Settings.parse(defaultSettings('linux', '/home/u')),
    tasks,
    publish: (s) => published.push(s),
    initialStatus: inactiveStatus,
    logger: silentLogger,
    clock: () => new Date(),
    onRunEnded: [
      (e) => {
        ended.push(e);
      },
      () => {
        throw new Error('a broken listener');
      },
    ],
  });
  return { engine, tasks, published, ended, runs };
}

describe('RunQueue', () => {
  it('runs one at a time: a second start joins the run in progress', async () => {
    const { engine, runs, ended } = setup();
    const first = runs.start({ trigger: 'Scheduled', user: '', task: '', system: '' });
    const second = runs.start({ trigger: 'On Demand', user: 'ann', task: 'Month end', system: 'PC1' });
    expect(first.joined).toBe(false);
    expect(second.joined).toBe(true);
    expect(second.run).toBe(first.run);
    await engine.snapshotPassed();
    engine.finish();
    const result = await first.run.done;
    expect(result.result).toBe('Succeeded');
    expect(engine.calls).toHaveLength(1);
    expect(engine.calls[0]!.trigger).toBe('Scheduled');
    expect(engine.recorded[0]).toEqual([{ system: 'PC1', user: 'ann', task: 'Month end' }]);
    await tick();
    expect(ended.map((e) => e.result.result)).toEqual(['Succeeded']); // the broken listener changed nothing
    expect(runs.current()).toBeNull();
  });

  it('waits for an exclusive task before the snapshot point and records it in the user tasks', async () => {
    const { engine, runs, tasks, published } = setup();
    const { task } = await tasks.begin({ system: 'PC2', user: 'bob', task: 'Reindex', exclusive: true }, 'client-a');
    const { run } = runs.start({ trigger: 'Requested', user: 'carol', task: 'Close year', system: 'PC3' });
    await tick();
    expect(run.state.phase).toBe('Waiting for Exclusive Tasks to Finish');
    expect(published.at(-1)?.phase).toBe('Waiting for Exclusive Tasks to Finish');
    expect(engine.recorded).toHaveLength(0);
    tasks.end(task.token);
    await engine.snapshotPassed();
    expect(engine.recorded[0]).toEqual([
      { system: 'PC3', user: 'carol', task: 'Close year' },
      { system: 'PC2', user: 'bob', task: 'Reindex' },
    ]);
    engine.finish();
    await run.done;
  });

  it('an exclusive task that begins while a run is before its snapshot point waits for it', async () => {
    const { engine, runs, tasks } = setup();
    const waiting: string[] = [];
    const { task: other } = await tasks.begin({ system: '', user: '', task: 'Import', exclusive: true }, 'client-x');
    const { run } = runs.start({ trigger: 'On Demand', user: '', task: '', system: '' });
    let begun = false;
    const later = tasks
      .begin({ system: '', user: 'dan', task: 'Purge', exclusive: true }, 'client-b', { onWaiting: (r) => waiting.push(r) })
      .then((r) => {
        begun = true;
        return r;
      });
    await tick();
    expect(begun).toBe(false);
    expect(waiting[0]).toMatch(/snapshot point/);
    tasks.end(other.token); // the run may now take its snapshot; only then may Purge begin
    await engine.snapshotPassed();
    await later;
    expect(begun).toBe(true);
    expect(run.state.snapshotTaken).toBe(true);
    engine.finish();
    await run.done;
  });

  it('yellow lights go at the snapshot point, red at completion; a failed run fails every waiting light', async () => {
    const { engine, runs } = setup();
    const { run } = runs.start({ trigger: 'Requested', user: 'ann', task: '', system: '' });
    const yellowUpdates: LightUpdate[] = [];
    const yellow = watchLight(run, 'started', (u) => yellowUpdates.push(u));
    const red = watchLight(run, 'completed', () => undefined);
    let redDone = false;
    void red.then(() => (redDone = true));
    expect(yellowUpdates[0]?.state).toBe('waiting');
    const y = await yellow;
    expect(y.state).toBe('go');
    expect(run.state.snapshotTaken).toBe(true);
    expect(run.outcome).toBeNull(); // before the run finished
    expect(redDone).toBe(false);
    engine.finish('the disk is full');
    expect(await red).toMatchObject({ state: 'failed', reason: 'the disk is full (in Streaming Files)' });
  });

  it('a start while a cancelled run is still ending waits for it and starts a new run (it does not fail with the cancel)', async () => {
    const { engine, runs } = setup();
    // An engine whose cancelled run takes a while to end (a database copy finishing its step).
    let endCancelled: () => void = () => undefined;
    const slowToStop = engine.runBackup;
    let calls = 0;
    const wrapped: typeof slowToStop = async (o) => {
      calls++;
      if (calls === 1) {
        const r = await slowToStop(o);
        await new Promise<void>((resolve) => (endCancelled = resolve));
        return r;
      }
      return slowToStop(o);
    };
    (runs as unknown as { deps: { runBackup: typeof slowToStop } }).deps.runBackup = wrapped;
    const first = runs.start({ trigger: 'On Demand', user: 'ann', task: '', system: '' });
    await engine.snapshotPassed();
    expect(runs.cancel('ann')).toBe(first.run);
    await tick();
    const second = runs.start({ trigger: 'Requested', user: 'bob', task: 'Month end', system: 'PC2' });
    const third = runs.start({ trigger: 'Scheduled', user: '', task: '', system: '' });
    expect(second.run).not.toBe(first.run);
    expect(second.joined).toBe(false);
    expect(third).toMatchObject({ run: second.run, joined: true });
    expect(runs.current()).toBe(first.run); // the cancelled run is still ending
    endCancelled();
    expect(await first.run.done).toMatchObject({ result: 'Failed', error: 'cancelled by ann' });
    expect(runs.current()).toBe(second.run);
    await vi.waitFor(() => expect(second.run.state.phase).toBe('Streaming Files'));
    engine.finish();
    expect(await second.run.done).toMatchObject({ result: 'Succeeded' });
    expect(engine.calls).toHaveLength(2);
    expect(engine.recorded[1]).toEqual([{ system: 'PC2', user: 'bob', task: 'Month end' }]);
  });

  it('cancel while a new run waits for a cancelled one cancels the waiting run (recorded cancelled by the second user)', async () => {
    const { engine, runs } = setup();
    let endCancelled: () => void = () => undefined;
    const inner = engine.runBackup;
    let calls = 0;
    (runs as unknown as { deps: { runBackup: typeof inner } }).deps.runBackup = async (o) => {
      calls++;
      const r = await inner(o);
      if (calls === 1) await new Promise<void>((resolve) => (endCancelled = resolve));
      return r;
    };
    const first = runs.start({ trigger: 'On Demand', user: 'ann', task: '', system: '' });
    await engine.snapshotPassed();
    runs.cancel('ann');
    await tick();
    const second = runs.start({ trigger: 'On Demand', user: 'bob', task: '', system: '' });
    expect(runs.cancel('carl')).toBe(second.run);
    endCancelled();
    expect(await second.run.done).toMatchObject({ result: 'Failed', error: 'cancelled by carl' });
    expect(await first.run.done).toMatchObject({ result: 'Failed', error: 'cancelled by ann' });
    expect(runs.current()).toBeNull();
    expect(engine.calls).toHaveLength(1); // the waiting run never started
  });

  it('shutdown stops the run in progress: Failed "stopped by shutdown", and no new runs start', async () => {
    const { engine, runs, published } = setup();
    const { run } = runs.start({ trigger: 'On Demand', user: '', task: '', system: '' });
    await engine.snapshotPassed();
    await runs.shutdown();
    const result = await run.done;
    expect(result).toMatchObject({ result: 'Failed', error: 'stopped by shutdown' });
    expect(published.at(-1)).toMatchObject({ status: 'Failed', lastRun: { error: 'stopped by shutdown' } });
    expect(() => runs.start({ trigger: 'On Demand', user: '', task: '', system: '' })).toThrow(/shutting down/);
  });
});

describe('RunQueue: an engine that throws', () => {
  it('the run still ends, settled Failed by the one lifecycle: kind internal, the cause in words, listeners told', async () => {
    const ended: RunEnded[] = [];
    const runs = new RunQueue({
      runBackup: () => Promise.reject(new TypeError('x is undefined')),
      settings: () => Settings.parse(defaultSettings('linux', '/home/u')),
      tasks: new TaskRegistry(() => new Date()),
      publish: () => undefined,
      initialStatus: inactiveStatus,
      logger: silentLogger,
      clock: () => new Date(),
      onRunEnded: [(e) => void ended.push(e)],
    });
    const r = await runs.start({ trigger: 'On Demand', user: 'ann', task: '', system: '' }).run.done;
    expect(r).toMatchObject({ result: 'Failed', causeKind: 'internal', errorCode: 'INTERNAL', failedPhase: 'Initializing', id: null });
    expect(r.error).toBe('The HotBackup program failed unexpectedly: x is undefined. The Director log has the details; run the backup again.');
    await tick();
    expect(ended.map((e) => e.result.result)).toEqual(['Failed']);
  });
});
