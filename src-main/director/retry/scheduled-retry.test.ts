import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertSettings, NotificationMessage } from '../../../shared/settings.js';
import type { Trigger } from '../../../shared/status.js';
import { createDirector, type Director } from '../director.js';
import { silentLogger } from '../../base/logger.js';
import { parseMime, startTestSmtp, type TestSmtpServer } from '../notify/testing/smtp-fixture.js';
import type { RunBackup, RunEnded } from '../run/run-queue.js';
import { manualTime } from './testing/manual-time.js';

// A real Director (its run queue, retry and e-mail listeners) and a real SMTP server on loopback;
// the engine is scripted so each attempt fails or succeeds as the test says, and time is a manual clock.

/** An engine whose next results the test queues: a failure reason, or null for a success. */
function scriptedEngine(clock: () => Date) {
  const script: (string | null)[] = [];
  const triggers: Trigger[] = [];
  let hold: Promise<void> | null = null;
  const runBackup: RunBackup = async (o) => {
    triggers.push(o.trigger);
    const fail = script.shift() ?? null;
    const held = hold;
    hold = null;
    if (held) await held;
    const at = clock().toISOString();
    return {
      id: fail ? null : `261130${String(triggers.length).padStart(2, '0')}`,
      result: fail ? 'Failed' : 'Succeeded',
      error: fail,
      failedPhase: fail ? 'Gathering File Statistics' : null,
      files: fail ? null : 3,
      bytes: fail ? null : 300,
      startedAt: at,
      endedAt: at,
      backupPath: null,
      warnings: [],
    };
  };
  return {
    runBackup,
    script,
    triggers,
    /** The next run stays in progress until the returned function is called. */
    holdNext(): () => void {
      let release!: () => void;
      hold = new Promise<void>((r) => (release = r));
      return release;
    },
  };
}

const msg = (over: Partial<NotificationMessage>): NotificationMessage => ({
  id: 'x', name: 'x', enabled: true, when: 'always', to: ['admin@example.com'], cc: [], subject: '', body: '', attachLog: false, ...over,
});
const NAS = 'The HotBackup folder /mnt/nas/HotBackup cannot be reached';

let root: string;
let smtp: TestSmtpServer;
let director: Director;
let time: ReturnType<typeof manualTime>;
let engine: ReturnType<typeof scriptedEngine>;
let endedRuns: RunEnded[];
let waiters: (() => void)[];

async function start(alerts: Partial<AlertSettings> = {}, schedule = false) {
  director = await createDirector({
    configDir: join(root, 'config'), home: root, platform: 'linux', schedule, lock: false,
    clock: time.clock, timer: time.timer, logger: silentLogger, runBackup: engine.runBackup,
    notify: { retry: { delaysMs: [], delay: async () => undefined } },
  });
  // Runs after the retry and e-mail listeners: the test waits for a run's whole aftermath.
  director.services.onRunEnded.push((e) => {
    endedRuns.push(e);
    waiters.shift()?.();
  });
  await director.services.settings.update({
    folder: { path: join(root, 'HotBackup') },
    alerts,
    email: {
      server: { host: '127.0.0.1', port: smtp.port, security: 'none', fromAddress: 'hb@example.com', timeoutSeconds: 5 },
      messages: [msg({ id: 'f', name: 'Failure', when: 'failure', subject: 'FAILED {{trigger}}: {{error}}' }), msg({ id: 's', name: 'Success', when: 'success', subject: 'OK {{id}}' })],
    },
  });
}

const nextEnd = () => new Promise<void>((resolve) => waiters.push(resolve));
/** Start a run as the schedule (or a user) does and wait until its listeners are done. */
async function run(trigger: Trigger, outcome: string | null) {
  engine.script.push(outcome);
  const done = nextEnd();
  director.services.runs.start({ trigger, user: trigger === 'On Demand' ? 'alice' : '', task: '', system: '' });
  await done;
}
/** Let the next retry wait run out, with the attempt's outcome. */
async function retry(outcome: string | null) {
  engine.script.push(outcome);
  const done = nextEnd();
  time.fireNext();
  await done;
}
const subjects = () => smtp.mails.map((m) => parseMime(m.raw).headers.subject);

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hb-retry-'));
  smtp = await startTestSmtp({ security: 'none' });
  time = manualTime('2026-11-30T02:00:00Z');
  engine = scriptedEngine(time.clock);
  endedRuns = [];
  waiters = [];
});

afterEach(async () => {
  await director.close();
  await smtp.close();
  await rm(root, { recursive: true, force: true });
});

describe('a failed scheduled run is retried', () => {
  it('defaults: two retries after 15 and 30 min; one failure e-mail, after the last attempt', async () => {
    await start();
    await run('Scheduled', NAS);
    expect(smtp.mails).toHaveLength(0);
    expect(director.services.status.get().warnings).toEqual([
      `The scheduled HotBackup failed (attempt 1 of 3): ${NAS}. It will be tried again at 2026-11-30 02:15.`,
    ]);
    await retry(NAS);
    expect(smtp.mails).toHaveLength(0);
    await retry(NAS);
    expect(time.armed()).toEqual([15, 30]);
    expect(engine.triggers).toEqual(['Scheduled', 'Scheduled', 'Scheduled']);
    expect(subjects()).toEqual([`FAILED Scheduled: ${NAS}`]);
    expect(time.live()).toBe(0);
  });

  it('a retry that succeeds sends only the success e-mail', async () => {
    await start();
    await run('Scheduled (catch-up)', NAS);
    await retry(null);
    expect(subjects()).toEqual(['OK 26113002']);
    expect(director.services.status.get().lastRun).toMatchObject({ result: 'Succeeded' });
    expect(time.live()).toBe(0);
  });

  it('notifyEveryAttempt: each failed attempt is mailed; retryCount and retryWaitMinutes are honoured', async () => {
    await start({ retryCount: 1, retryWaitMinutes: 5, notifyEveryAttempt: true });
    await run('Scheduled', NAS);
    await retry(NAS);
    expect(time.armed()).toEqual([5]);
    expect(subjects()).toEqual([`FAILED Scheduled: ${NAS}`, `FAILED Scheduled: ${NAS}`]);
    expect(time.live()).toBe(0);
  });

  it('an on-demand run is never retried; its failure is mailed at once', async () => {
    await start();
    await run('On Demand', NAS);
    expect(time.armed()).toEqual([]);
    expect(subjects()).toEqual([`FAILED On Demand: ${NAS}`]);
  });

  it('an on-demand success while a retry waits drops the retry', async () => {
    await start();
    await run('Scheduled', NAS);
    await run('On Demand', null);
    expect(time.live()).toBe(0);
    expect(engine.triggers).toEqual(['Scheduled', 'On Demand']);
  });

  it('a retry due while another run is in progress starts when that run ends failed', async () => {
    await start();
    await run('Scheduled', NAS);
    engine.script.push('The data directory /srv/data does not exist');
    const release = engine.holdNext();
    const afterOnDemand = nextEnd();
    const afterRetry = nextEnd();
    director.services.runs.start({ trigger: 'On Demand', user: 'alice', task: '', system: '' });
    engine.script.push(NAS);
    time.fireNext();
    expect(engine.triggers).toEqual(['Scheduled']);
    release();
    await afterOnDemand;
    await afterRetry;
    expect(engine.triggers).toEqual(['Scheduled', 'On Demand', 'Scheduled']);
    expect(endedRuns.map((e) => e.result.result)).toEqual(['Failed', 'Failed', 'Failed']);
    expect(director.services.status.get().warnings).toEqual([
      `The scheduled HotBackup failed (attempt 2 of 3): ${NAS}. It will be tried again at 2026-11-30 02:45.`,
    ]);
  });

  it('a retry waiting when the Director stops runs after the next start, when its time comes', async () => {
    await start();
    await run('Scheduled', NAS);
    await director.close();
    const kept = JSON.parse(await readFile(join(root, 'config', 'retry-state.json'), 'utf8'));
    expect(kept).toEqual({ version: 1, attempt: 2, of: 3, dueAt: '2026-11-30T02:15:00.000Z' });

    time.advanceHours(10 / 60);
    await start({}, true);
    // Armed for what was left of the wait (5 min), the earliest of the new Director's timers.
    expect(time.armed().slice(-3)).toContain(5);
    await retry(null);
    expect(engine.triggers).toEqual(['Scheduled', 'Scheduled']);
    expect(endedRuns.at(-1)?.result.result).toBe('Succeeded');
    await expect(readFile(join(root, 'config', 'retry-state.json'), 'utf8')).rejects.toThrow();
  });
});
