import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CallContext, RequestInput, RequestName } from '../../../shared/contract.js';
import type { HistoryListing } from '../../../shared/history.js';
import { localAdmin } from '../../../shared/roles.js';
import type { BackupStarted, RunCancelled } from '../../../shared/run.js';
import type { Phase } from '../../../shared/status.js';
import { runBackup } from '../../engine/worker/run-in-worker.js';
import { CancelledError } from '../../engine/errors.js';
import { baseOptions, TempDirs } from '../../engine/testing/engine-fixtures.js';
import { createDirector, type Director } from '../director.js';
import { silentLogger } from '../../base/logger.js';

// Cancel (issue 14 point 2) through the API with the real engine: the run ends Failed
// "cancelled by <user>" in the phase it was in, its work files are gone, the history says so.

let root = '';
let director: Director | null = null;
const ctx: CallContext = { clientId: 't', identity: localAdmin('test'), emit: () => undefined, onDisconnect: () => undefined };
const ask = async <K extends RequestName>(name: K, input: RequestInput<K>) => {
  const r = await director!.invoke(name, input, ctx);
  if (!r.ok) throw new Error(`${name}: ${r.error.message}`);
  return r.value;
};

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-cancel-'));
  await mkdir(join(root, 'data'));
  for (let i = 0; i < 24; i++) await writeFile(join(root, 'data', `scan${i}.tif`), randomBytes(2_000_000));
  director = await createDirector({ configDir: join(root, 'config'), logger: silentLogger, home: root, schedule: false });
  await ask('settings.update', { folder: { path: join(root, 'hb') }, dataDirectories: [{ path: join(root, 'data'), label: 'data', exclude: [] }] });
});
afterEach(async () => {
  await director?.close();
  director = null;
  await rm(root, { recursive: true, force: true });
});

describe('run.cancel', () => {
  it.each<Phase>(['Locking Files', 'Streaming Files'])('cancelled in %s: Failed "cancelled by ann", no work files left, the history records it', async (phase) => {
    const asked: { p: Promise<unknown> | null } = { p: null };
    const waiting = ask('backup.start', { user: 'bob', wait: true });
    // The run's own change events (the status broadcast is throttled and may skip a short phase).
    const run = director!.services.runs.current()!;
    const cancelIn = () => {
      if (run.state.phase === phase && !asked.p) asked.p = ask('run.cancel', { user: 'ann' });
    };
    run.subscribe(cancelIn);
    cancelIn();
    const started = (await waiting) as BackupStarted;
    const answer = (await asked.p) as RunCancelled;
    expect(answer).toMatchObject({ cancelled: true, by: 'ann' });
    const out = started.outcome!;
    expect([out.result, out.error, out.failedPhase]).toEqual(['Failed', 'cancelled by ann', phase]);
    const folder = out.backupPath!;
    expect(existsSync(join(folder, '.staging'))).toBe(false);
    expect(readFileSync(join(folder, 'HB.LOG'), 'utf8')).toContain(`|HB_FAILED|${phase}: cancelled by ann`);
    expect(readFileSync(join(root, 'hb', 'BACKUP.LOG'), 'utf8')).toContain('|Failed|Failed|bob||');
    const h = (await ask('history.list', {})) as HistoryListing;
    expect(h.entries.at(-1)).toMatchObject({ result: 'Failed', causeKind: 'cancelled', cause: 'cancelled by ann', phase, id: out.id });
  }, 120_000);

  it('with nothing running, says so', async () => {
    expect(await ask('run.cancel', {})).toEqual({ cancelled: false, runKey: null, by: 'local (test)' });
  });
});

describe('a step that does not look at the stop request', () => {
  it('is not waited for: the worker is ended after killAfterMs and the run recorded cancelled', async () => {
    const temps = new TempDirs();
    const entry = join(temps.make('hang-entry'), 'hangs.mjs');
    // A worker stuck in a call that never returns to check its messages (a hung filesystem, the one-step copy).
    await writeFile(entry, 'const end = Date.now() + 60_000; while (Date.now() < end) {}\n');
    const abort = new AbortController();
    const data = temps.make('hang-data');
    const run = runBackup({ ...baseOptions(temps.make('hang-hb'), [data]), workerEntry: entry, killAfterMs: 200, signal: abort.signal });
    setTimeout(() => abort.abort(new CancelledError('ann')), 100);
    const r = await run;
    expect(r).toMatchObject({ result: 'Failed', error: 'cancelled by ann', causeKind: 'cancelled' });
    temps.cleanup();
  }, 30_000);
});
